using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>An SRV record's <c>data</c>; Cloudflare derives <c>content</c> from it.</summary>
internal sealed record ApiSrvData
{
    [JsonPropertyName("priority")]
    public int Priority { get; init; }

    [JsonPropertyName("weight")]
    public int Weight { get; init; }

    [JsonPropertyName("port")]
    public int Port { get; init; }

    [JsonPropertyName("target")]
    public string Target { get; init; } = string.Empty;
}
