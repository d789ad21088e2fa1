namespace SrvProvisioner.Core.Json;

/// <summary>What <c>plan|apply --file FLEET --format json</c> prints: one result per domain and the counts.</summary>
public sealed record FleetDocument
{
    public string? File { get; init; }

    /// <summary><c>plan</c> or <c>apply</c>.</summary>
    public string? Command { get; init; }

    public IReadOnlyList<FleetDomainDocument>? Domains { get; init; }

    public FleetSummaryDocument? Summary { get; init; }
}
