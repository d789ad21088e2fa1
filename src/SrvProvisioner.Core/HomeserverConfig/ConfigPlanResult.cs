using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig;

public sealed record ConfigPlanResult(IReadOnlyList<ConfigFilePlan> Files, IReadOnlyList<Finding> Findings)
{
    /// <summary>The proxy locations found serving <c>/.well-known/matrix/server</c>; not part of the plan file.</summary>
    public IReadOnlyList<WellKnownServingLocation> Serving { get; init; } = [];
}
