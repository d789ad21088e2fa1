using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>A DNS zone resource ("Zones - Get"); <c>properties.zoneType</c> is <c>Public</c> or <c>Private</c>.</summary>
internal sealed record ArmZoneDocument
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("properties")]
    public ArmZoneProperties? Properties { get; init; }
}
