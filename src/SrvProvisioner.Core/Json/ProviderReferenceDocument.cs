namespace SrvProvisioner.Core.Json;

/// <summary>The provider a plan was made with and its non-secret option values, by option name.</summary>
public sealed record ProviderReferenceDocument
{
    public string? Name { get; init; }

    public IReadOnlyDictionary<string, string>? Settings { get; init; }
}
