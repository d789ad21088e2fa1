namespace SrvProvisioner.Core.Fleet;

public enum FleetOutcome
{
    /// <summary>Already as wanted.</summary>
    Unchanged,

    /// <summary>Plan: changes are pending.</summary>
    Pending,

    /// <summary>Apply: changes were written.</summary>
    Applied,

    /// <summary>
    /// Apply: a gate refused a stage, as one apply would (exit 2): the proof of the SRV path
    /// failed, or an authoritative server did not serve the SRV records in time;
    /// <see cref="FleetDomainResult.RefusedBy"/> says which.
    /// </summary>
    Refused,

    /// <summary>Could not be planned or applied; <see cref="FleetDomainResult.Error"/> says why.</summary>
    Failed,

    /// <summary>
    /// Apply: Ctrl-C or SIGTERM stopped the run before this domain was done (exit 1). Either
    /// its DNS sets were written and its propagation/config stages did not run
    /// (<see cref="FleetDomainResult.Migration"/> says so, with
    /// <see cref="Migration.MigrationOutcome.Cancelled"/> set), or nothing was written for it.
    /// </summary>
    Cancelled,
}
