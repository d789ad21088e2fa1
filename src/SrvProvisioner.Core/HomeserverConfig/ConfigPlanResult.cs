using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig;

public sealed record ConfigPlanResult(IReadOnlyList<ConfigFilePlan> Files, IReadOnlyList<Finding> Findings);
