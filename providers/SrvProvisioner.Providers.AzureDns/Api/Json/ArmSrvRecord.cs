using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>One SRV record; the target without the trailing dot, as the portal and docs write it.</summary>
internal sealed record ArmSrvRecord
{
    [JsonPropertyName("priority")]
    public long? Priority { get; init; }

    [JsonPropertyName("weight")]
    public long? Weight { get; init; }

    [JsonPropertyName("port")]
    public long? Port { get; init; }

    [JsonPropertyName("target")]
    public string? Target { get; init; }
}
