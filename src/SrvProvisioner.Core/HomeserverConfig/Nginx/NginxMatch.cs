namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>The location a URI lands in (null: none, the server block's own settings answer), the enclosing locations, and any doubt.</summary>
internal sealed record NginxMatch(NginxLocation? Location, IReadOnlyList<NginxLocation> Chain, string? Unsure);
