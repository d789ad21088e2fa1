using SrvProvisioner.Core.HomeserverConfig;

namespace SrvProvisioner.Core.Planning;

/// <summary>
/// A check that also reads what the plan's own config analysis found (e.g. <c>--check-live</c>
/// naming the proxy location that serves the live file). It gets the analysis as a task, so its
/// own network work runs while the configs are read; the configs are never parsed twice.
/// </summary>
public interface IConfigAwarePlanCheck : IPlanCheck
{
    Task<IReadOnlyList<Finding>> RunAsync(PlanRequest request, Task<ConfigPlanResult> config, CancellationToken cancellationToken);
}
