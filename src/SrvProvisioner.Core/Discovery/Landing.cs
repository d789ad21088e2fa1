namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// Where discovery lands (host and port) and the names the spec requires there: SNI, Host
/// header and certificate name. <see cref="SrvTarget"/> is set when an SRV record led here.
/// </summary>
internal sealed record Landing(string Host, int Port, bool IsIpLiteral, string? Sni, string HostHeader, string CertificateName)
{
    public string? SrvTarget { get; init; }

    public HostAndPort Destination => new(Host, Port);
}
