using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Bench;

/// <summary>
/// Answers target lookups without sending a DNS query off this machine: with a fixed
/// documentation address (the zone is served), or with no address at all (a zone not yet
/// delegated, so DNS answers NXDOMAIN).
/// </summary>
internal sealed class StaticTargetLookup(bool served = true) : ITargetLookup
{
    public int Lookups { get; private set; }

    public Task<TargetObservation> LookupAsync(DnsName target, CancellationToken cancellationToken)
    {
        Lookups++;
        return Task.FromResult(served
            ? new TargetObservation(target, "bench") { Addresses = ["203.0.113.80"] }
            : new TargetObservation(target, "bench"));
    }
}
