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
}
