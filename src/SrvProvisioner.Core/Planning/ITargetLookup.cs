using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Planning;

/// <summary>Looks up an SRV target outside the provider's zone through DNS.</summary>
public interface ITargetLookup
{
    Task<TargetObservation> LookupAsync(DnsName target, CancellationToken cancellationToken);
}
