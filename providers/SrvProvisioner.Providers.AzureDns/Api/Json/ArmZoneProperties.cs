using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>The zone properties srvprov reads.</summary>
internal sealed record ArmZoneProperties
{
    [JsonPropertyName("zoneType")]
    public string? ZoneType { get; init; }
}
