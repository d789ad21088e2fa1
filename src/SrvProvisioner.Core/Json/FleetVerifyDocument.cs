namespace SrvProvisioner.Core.Json;

/// <summary>What <c>verify --file FLEET --format json</c> prints: one verdict per domain and the counts.</summary>
public sealed record FleetVerifyDocument
{
    public string? File { get; init; }

    /// <summary>Always <c>verify</c>.</summary>
    public string? Command { get; init; }

    public IReadOnlyList<VerifyDocument>? Domains { get; init; }

    public FleetVerifySummaryDocument? Summary { get; init; }
}
