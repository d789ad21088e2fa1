using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>One AAAA record.</summary>
internal sealed record ArmAaaaRecord
{
    [JsonPropertyName("ipv6Address")]
    public string? Ipv6Address { get; init; }
}
