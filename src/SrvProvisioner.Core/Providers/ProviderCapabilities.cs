namespace SrvProvisioner.Core.Providers;

/// <summary>What a provider guarantees when it applies a batch.</summary>
[Flags]
public enum ProviderCapabilities
{
    None = 0,

    /// <summary>All changes of one zone apply together or not at all.</summary>
    AtomicBatch = 1,

    /// <summary>Each change applies only while the set is as the plan observed it.</summary>
    ConditionalWrites = 2,

    /// <summary>Apply waits until the change has reached every authoritative server.</summary>
    PropagationWait = 4,

    /// <summary>
    /// Reads are API requests counted against the account's rate limit, so a plan asks DNS
    /// first for what DNS can confirm (an in-zone SRV target that resolves) and reads the zone
    /// only for the rest.
    /// </summary>
    MeteredReads = 8,
}
