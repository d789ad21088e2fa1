using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Fleet;

/// <summary>What happened to one domain of a fleet run.</summary>
public sealed record FleetDomainResult(FleetDomain Domain, FleetOutcome Outcome)
{
    public Plan? Plan { get; init; }

    public string? Error { get; init; }

    /// <summary>True when the domain needs a person: failed, changes pending, or an error finding.</summary>
    public bool NeedsAttention =>
        Outcome is FleetOutcome.Failed or FleetOutcome.Pending || (Plan?.Findings.Any(f => f.Severity == Severity.Error) ?? false);
}
