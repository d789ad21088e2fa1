using System.Text.Json.Serialization;

namespace SrvProvisioner.Core.Json;

/// <summary>
/// A plan as one JSON document: what <c>plan --format json</c> prints, what <c>--out</c> saves
/// and <c>apply PLANFILE</c> reads, and (with <see cref="Applied"/>) what
/// <c>apply --format json</c> prints. <see cref="ServerName"/>, <see cref="Changes"/> and
/// <see cref="Findings"/> are the design's contract; the rest lets apply check and apply exactly
/// what was reviewed. Members are nullable where a file may lack them: the reader says which.
/// <see cref="ApplyDocument"/> and <see cref="ReceiptDocument"/> add their one member each.
/// </summary>
public record PlanDocument
{
    public int? FormatVersion { get; init; }

    public string? ServerName { get; init; }

    public IReadOnlyList<ChangeDocument>? Changes { get; init; }

    public IReadOnlyList<FindingDocument>? Findings { get; init; }

    /// <summary>Round-trip ("O") time with offset.</summary>
    public string? CreatedAt { get; init; }

    public ProviderReferenceDocument? Provider { get; init; }

    public ZoneDocument? Zone { get; init; }

    public RequestDocument? Request { get; init; }

    public ObservedDocument? Observed { get; init; }

    /// <summary><c>apply --format json</c> only: whether anything was written.</summary>
    public bool? Applied { get; init; }

    /// <summary><c>apply --format json</c> only, and only when true: what the plan wants was already in place.</summary>
    public bool? AlreadyApplied { get; init; }

    /// <summary><c>apply --format json</c>: every stage (<c>proof</c>, <c>dns</c>, <c>propagation</c>, <c>config</c>) once, in order.</summary>
    public IReadOnlyList<StageDocument>? Stages { get; init; }

    /// <summary>The proof's checks in verify's shape (<c>apply</c>, and <c>plan --prove</c>).</summary>
    public IReadOnlyList<VerifyCheckDocument>? Checks { get; init; }

    /// <summary><c>apply --format json</c>: whether the proof was skipped on request.</summary>
    public bool? ProofSkipped { get; init; }

    /// <summary><c>apply --format json</c>: until when (UTC, ISO 8601) the old federation path must keep serving; absent when there is none.</summary>
    public string? OldPathServedUntil { get; init; }
}
