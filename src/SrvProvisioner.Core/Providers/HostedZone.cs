using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Providers;

/// <summary>
/// A zone a provider hosts. <see cref="Id"/> is the provider's own identifier (Route 53
/// hosted zone ID, Azure resource ID, server address for RFC 2136, file path for a zone file).
/// </summary>
public sealed record HostedZone(DnsName Name, string Id)
{
    public bool IsPrivate { get; init; }
}
