namespace SrvProvisioner.Core.Fleet;

public enum FleetOutcome
{
    /// <summary>Already as wanted.</summary>
    Unchanged,

    /// <summary>Plan: changes are pending.</summary>
    Pending,

    /// <summary>Apply: changes were written.</summary>
    Applied,

    /// <summary>Could not be planned or applied; <see cref="FleetDomainResult.Error"/> says why.</summary>
    Failed,
}
