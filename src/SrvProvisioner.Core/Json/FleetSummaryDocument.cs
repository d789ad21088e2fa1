namespace SrvProvisioner.Core.Json;

/// <summary>How many domains a fleet run had and how each ended; an apply also counts the domains its proof and its propagation wait refused.</summary>
public sealed record FleetSummaryDocument(int Total, int Unchanged, int Pending, int Applied, int Failed)
{
    /// <summary><c>apply --file</c> only.</summary>
    public int? RefusedByProof { get; init; }

    /// <summary><c>apply --file</c> only.</summary>
    public int? RefusedByPropagation { get; init; }
}
