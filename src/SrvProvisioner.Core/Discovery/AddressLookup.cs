using System.Net;
using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Discovery;

/// <summary>A and AAAA of one host, with any CNAME met on the way, as evidence.</summary>
public sealed record AddressLookup(DnsName Name, LookupOutcome Outcome, IReadOnlyList<IPAddress> Addresses, string Detail)
{
    /// <summary>The alias the name pointed to (RFC 2782 forbids that for an SRV target).</summary>
    public DnsName? CnameTo { get; init; }
}
