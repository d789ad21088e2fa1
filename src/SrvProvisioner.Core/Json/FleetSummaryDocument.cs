namespace SrvProvisioner.Core.Json;

/// <summary>How many domains a fleet run had and how each ended; an apply also counts the domains its proof and its propagation wait refused.</summary>
public sealed record FleetSummaryDocument(int Total, int Unchanged, int Pending, int Applied, int Failed)
{
    /// <summary><c>apply --file</c> only.</summary>
    public int? RefusedByProof { get; init; }

    /// <summary><c>apply --file</c> only.</summary>
    public int? RefusedByPropagation { get; init; }

    /// <summary><c>apply --file</c> only: domains a Ctrl-C or SIGTERM stopped (outcome <c>cancelled</c>).</summary>
    public int? Cancelled { get; init; }

    /// <summary><c>apply --file</c> only: of <see cref="Cancelled"/>, those whose DNS sets were written and whose config stage did not run.</summary>
    public int? CancelledAfterDns { get; init; }
}
