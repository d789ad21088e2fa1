using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Planning;

/// <summary>The DNS part of a plan: the changes and what the planner found.</summary>
public sealed record DnsPlan(IReadOnlyList<RecordSetChange> Changes, IReadOnlyList<Finding> Findings);
