using System.Text.Json.Serialization;

namespace SrvProvisioner.Core.Json;

/// <summary>
/// A plan as one JSON document: what <c>plan --format json</c> prints, what <c>--out</c> saves
/// and <c>apply PLANFILE</c> reads, and (with <see cref="Applied"/>) what
/// <c>apply --format json</c> prints. <see cref="ServerName"/>, <see cref="Changes"/> and
/// <see cref="Findings"/> are the design's contract; the rest lets apply check and apply exactly
/// what was reviewed. Members are nullable where a file may lack them: the reader says which.
/// </summary>
public sealed record PlanDocument
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
}
