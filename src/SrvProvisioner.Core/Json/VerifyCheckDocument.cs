namespace SrvProvisioner.Core.Json;

/// <summary>One verify check: its name, <c>pass</c> | <c>fail</c> | <c>skip</c>, and what it saw.</summary>
public sealed record VerifyCheckDocument
{
    public string? Name { get; init; }

    public string? Status { get; init; }

    public string? Detail { get; init; }
}
