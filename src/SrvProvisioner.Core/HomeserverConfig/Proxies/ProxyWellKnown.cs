namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>
/// What every reverse proxy planner looks for and how it marks its edits: the two well-known
/// paths of the Matrix spec ("Server discovery", "Client-server discovery") and the comment
/// prefix of a line srvprov switched off (so undo and a later plan recognise it).
/// </summary>
internal static class ProxyWellKnown
{
    public const string ServerUri = "/.well-known/matrix/server";
    public const string ClientUri = "/.well-known/matrix/client";
    public const string OffMarker = "# srvprov-off: ";
}
