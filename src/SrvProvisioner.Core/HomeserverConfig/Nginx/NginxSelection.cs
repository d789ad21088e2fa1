namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>The server block that answers the server name on one listen socket, and why it was chosen.</summary>
internal sealed record NginxSelection(NginxServerBlock Server, string ListenKey, string Reason)
{
    /// <summary>No name matched: the block is the socket's default and answers every other name too.</summary>
    public bool IsDefault { get; init; }

    /// <summary>Why the choice may be wrong (a regex .NET cannot evaluate), or null.</summary>
    public string? Unsure { get; init; }
}
