using System.Net;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// Where discovery lands (host and port) and the names the spec requires there: SNI, Host
/// header and certificate name. <see cref="SrvTarget"/> is set when an SRV record led here.
/// </summary>
internal sealed record Landing(string Host, int Port, bool IsIpLiteral, string? Sni, string HostHeader, string CertificateName)
{
    public string? SrvTarget { get; init; }

    /// <summary>The SRV record's priority (lower is preferred, RFC 2782), when an SRV record led here.</summary>
    public int? Priority { get; init; }

    /// <summary>
    /// Addresses of the host from the SRV answer's additional section: the probe may start its
    /// TCP and TLS handshakes there while the host's own A/AAAA lookup is in flight, and keeps a
    /// connection only when that lookup lists its address.
    /// </summary>
    public IReadOnlyList<IPAddress> AddressHints { get; init; } = [];

    public HostAndPort Destination => new(Host, Port);
}
