using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Bench;

/// <summary>The benchmarks' targets live in the zone being planned, so no DNS lookup may happen (loopback only).</summary>
internal sealed class NoTargetLookup : ITargetLookup
{
    public Task<TargetObservation> LookupAsync(DnsName target, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"the bench must not look up {target.Fqdn} in DNS");
}
