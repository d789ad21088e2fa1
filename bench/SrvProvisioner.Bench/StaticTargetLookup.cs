using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Bench;

/// <summary>Answers target lookups with a fixed documentation address: the bench sends no DNS query off this machine.</summary>
internal sealed class StaticTargetLookup : ITargetLookup
{
    public int Lookups { get; private set; }

    public Task<TargetObservation> LookupAsync(DnsName target, CancellationToken cancellationToken)
    {
        Lookups++;
        return Task.FromResult(new TargetObservation(target, "bench") { Addresses = ["203.0.113.80"] });
    }
}
