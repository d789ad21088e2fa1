namespace SrvProvisioner.Core.Json;

/// <summary>A provider's command-line option; <see cref="EnvironmentVariable"/> is absent when it has no fallback.</summary>
public sealed record ProviderOptionDocument
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public bool Required { get; init; }

    public string? EnvironmentVariable { get; init; }
}
