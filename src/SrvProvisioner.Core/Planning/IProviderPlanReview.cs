using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Planning;

/// <summary>
/// Implemented by a provider whose zones hold settings that DNS answers do not show and that
/// decide whether delegation works (Cloudflare's proxy flag): it adds findings computed from
/// the zone's own data, read by the same plan.
/// </summary>
public interface IProviderPlanReview
{
    /// <param name="read">Every set the plan read from <paramref name="zone"/>: the SRV names and the in-zone targets' own sets.</param>
    IReadOnlyList<Finding> Review(DelegationRequest request, HostedZone zone, IReadOnlyList<RecordSet> read);
}
