namespace SrvProvisioner.Core.Discovery;

/// <summary>How verify (and plan's live checks) reach the network: the options of the same names.</summary>
public sealed record VerifySettings(TimeSpan Timeout)
{
    /// <summary><c>--dns-server IP[:PORT]</c>; null for the system's resolvers.</summary>
    public string? DnsServer { get; init; }

    /// <summary><c>--connect-to HOST1:PORT1:HOST2:PORT2</c> rules, in order.</summary>
    public IReadOnlyList<string> ConnectTo { get; init; } = [];

    /// <summary><c>--ca-file PEM</c>: extra trust anchors for every TLS connection.</summary>
    public string? CaFile { get; init; }
}
