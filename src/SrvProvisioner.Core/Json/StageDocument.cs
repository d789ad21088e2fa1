namespace SrvProvisioner.Core.Json;

/// <summary>One stage of apply: its name, its status text and what happened.</summary>
public sealed record StageDocument
{
    public string? Name { get; init; }

    public string? Status { get; init; }

    public string? Detail { get; init; }
}
