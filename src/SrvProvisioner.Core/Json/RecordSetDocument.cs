namespace SrvProvisioner.Core.Json;

/// <summary>A record set as plan read it; <see cref="Version"/> is the provider's concurrency token (Azure ETag), absent where there is none.</summary>
public sealed record RecordSetDocument
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public uint? Ttl { get; init; }

    public IReadOnlyList<string>? Values { get; init; }

    public string? Version { get; init; }
}
