using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>One A record.</summary>
internal sealed record ArmARecord
{
    [JsonPropertyName("ipv4Address")]
    public string? Ipv4Address { get; init; }
}
