using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>A reference to another resource by ID.</summary>
internal sealed record ArmSubResource
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }
}
