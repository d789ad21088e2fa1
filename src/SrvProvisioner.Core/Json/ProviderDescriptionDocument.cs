namespace SrvProvisioner.Core.Json;

/// <summary>One entry of <c>srvprov providers --format json</c>.</summary>
public sealed record ProviderDescriptionDocument
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? Capabilities { get; init; }

    public IReadOnlyList<ProviderOptionDocument>? Options { get; init; }
}
