using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>The two fields of a zone the tool uses.</summary>
internal sealed record ApiZone
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;
}
