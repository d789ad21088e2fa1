using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Dns;

/// <summary>
/// Looks up an SRV target's CNAME/A/AAAA for plan over verify's transport
/// (<see cref="DiscoveryDns"/>), so plan and verify ask the same resolvers the same way:
/// SERVFAIL, REFUSED and timeouts are lookup errors, never "no address".
/// </summary>
public sealed class DnsTargetLookup : ITargetLookup
{
    private readonly DiscoveryDns _dns;

    public DnsTargetLookup(DiscoveryDns dns)
    {
        ArgumentNullException.ThrowIfNull(dns);
        _dns = dns;
    }

    public async Task<TargetObservation> LookupAsync(DnsName target, CancellationToken cancellationToken)
    {
        var lookup = await _dns.LookupAddressesAsync(target, cancellationToken);
        return lookup.Outcome == LookupOutcome.Error
            ? new TargetObservation(target, _dns.Source) { LookupError = lookup.Detail }
            : new TargetObservation(target, _dns.Source) { CnameTo = lookup.CnameTo, Addresses = [.. lookup.Addresses.Select(a => a.ToString())] };
    }
}
