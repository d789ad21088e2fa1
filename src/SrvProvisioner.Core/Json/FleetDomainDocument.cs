namespace SrvProvisioner.Core.Json;

/// <summary>One domain of a fleet run: its outcome (<c>unchanged</c>, <c>pending</c>, <c>applied</c>, <c>failed</c>), the error if it failed, its plan's changes and findings.</summary>
public sealed record FleetDomainDocument
{
    public string? ServerName { get; init; }

    /// <summary>The fleet file's provider block name.</summary>
    public string? Provider { get; init; }

    public string? Outcome { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<ChangeDocument>? Changes { get; init; }

    public IReadOnlyList<FindingDocument>? Findings { get; init; }
}
