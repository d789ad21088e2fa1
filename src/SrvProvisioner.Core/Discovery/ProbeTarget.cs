using System.Net;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// One address to probe and the names the spec requires on it: the TLS SNI (null for an IP
/// literal), the Host header, the name the certificate must be valid for, and the server name
/// the key response must carry.
/// </summary>
public sealed record ProbeTarget(IPEndPoint EndPoint, string? Sni, string HostHeader, string CertificateName, string ServerName)
{
    /// <summary>The SRV target this address belongs to, when an SRV record led here (for "certificate for the target only").</summary>
    public string? SrvTarget { get; init; }

    /// <summary>The host:port discovery landed on, before any <c>--connect-to</c>.</summary>
    public string Destination { get; init; } = string.Empty;

    public string Label => EndPoint.ToString();
}
