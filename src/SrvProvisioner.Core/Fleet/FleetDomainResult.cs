using SrvProvisioner.Core.Migration;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Fleet;

/// <summary>What happened to one domain of a fleet run.</summary>
public sealed record FleetDomainResult(FleetDomain Domain, FleetOutcome Outcome)
{
    public Plan? Plan { get; init; }

    public string? Error { get; init; }

    /// <summary>Apply: the domain's four stages, as one apply reports them; null when it did not get that far.</summary>
    public MigrationOutcome? Migration { get; init; }

    /// <summary>For <see cref="FleetOutcome.Refused"/>: the stage that refused, <c>proof</c> or <c>propagation</c>.</summary>
    public string? RefusedBy { get; init; }

    /// <summary>For <see cref="FleetOutcome.Cancelled"/>: its DNS sets were written, its config stage did not run.</summary>
    public bool CancelledAfterDns => Outcome == FleetOutcome.Cancelled && Migration is { DnsWritten: true };

    /// <summary>True when the domain needs a person: failed, cancelled, changes pending, or an error finding.</summary>
    public bool NeedsAttention =>
        Outcome is FleetOutcome.Failed or FleetOutcome.Pending or FleetOutcome.Refused or FleetOutcome.Cancelled || (Plan?.Findings.Any(f => f.Severity == Severity.Error) ?? false);
}
