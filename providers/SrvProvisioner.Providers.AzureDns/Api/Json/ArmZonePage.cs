using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>One page of "Zones - List": the zones and the next page's URL, if any.</summary>
internal sealed record ArmZonePage
{
    [JsonPropertyName("value")]
    public IReadOnlyList<ArmZoneDocument?>? Value { get; init; }

    [JsonPropertyName("nextLink")]
    public string? NextLink { get; init; }
}
