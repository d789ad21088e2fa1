namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>A config file to check and fix (<c>--config PATH</c>), with an optional forced kind.</summary>
public sealed record ConfigFileRequest(string Path, string? Kind = null)
{
    /// <summary>nginx's configuration prefix (<c>--nginx-prefix</c>): where relative includes start; default: the main file's directory.</summary>
    public string? NginxPrefix { get; init; }
}
