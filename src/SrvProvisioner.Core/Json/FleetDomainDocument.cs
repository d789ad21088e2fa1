namespace SrvProvisioner.Core.Json;

/// <summary>One domain of a fleet run: its outcome (<c>unchanged</c>, <c>pending</c>, <c>applied</c>, <c>refused</c>, <c>failed</c>), the error if it failed, its plan's changes and findings; in an apply also its stages as one apply's document has them.</summary>
public sealed record FleetDomainDocument
{
    public string? ServerName { get; init; }

    /// <summary>The fleet file's provider block name.</summary>
    public string? Provider { get; init; }

    public string? Outcome { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<ChangeDocument>? Changes { get; init; }

    public IReadOnlyList<FindingDocument>? Findings { get; init; }

    /// <summary><c>apply --file</c>: every stage once, in order (as <see cref="PlanDocument.Stages"/>).</summary>
    public IReadOnlyList<StageDocument>? Stages { get; init; }

    /// <summary><c>apply --file</c>: the proof's checks in verify's shape.</summary>
    public IReadOnlyList<VerifyCheckDocument>? Checks { get; init; }

    public bool? ProofSkipped { get; init; }

    public string? OldPathServedUntil { get; init; }

    /// <summary>The stage that refused the domain (<c>proof</c>, <c>propagation</c>); absent otherwise.</summary>
    public string? RefusedBy { get; init; }
}
