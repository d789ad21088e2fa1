namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// How verify and plan reach the network (DNS lookups, live checks): the options of the same
/// names, one settings type for both.
/// </summary>
public sealed record VerifySettings(TimeSpan Timeout)
{
    /// <summary>The longest one DNS question waits: a run must not hang on a silent resolver.</summary>
    public static readonly TimeSpan MaxDnsQueryTimeout = TimeSpan.FromSeconds(5);

    /// <summary><c>--dns-server IP[:PORT]</c>; null for the system's resolvers.</summary>
    public string? DnsServer { get; init; }

    /// <summary><c>--connect-to HOST1:PORT1:HOST2:PORT2</c> rules, in order.</summary>
    public IReadOnlyList<string> ConnectTo { get; init; } = [];

    /// <summary><c>--ca-file PEM</c>: extra trust anchors for every TLS connection.</summary>
    public string? CaFile { get; init; }

    /// <summary>How long one DNS question waits: <see cref="Timeout"/>, at most <see cref="MaxDnsQueryTimeout"/>.</summary>
    public TimeSpan DnsQueryTimeout => Timeout < MaxDnsQueryTimeout ? Timeout : MaxDnsQueryTimeout;

    /// <summary><see cref="DnsServer"/> parsed (port 53 by default), or null for the system's resolvers; throws <see cref="Errors.InvalidInputException"/> naming the option.</summary>
    public System.Net.IPEndPoint? ParseDnsServer() => DnsServer is null ? null : DnsServerAddress.Parse(DnsServer);
}
