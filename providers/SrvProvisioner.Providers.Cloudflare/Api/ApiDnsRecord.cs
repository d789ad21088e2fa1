using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>
/// A DNS record as Cloudflare lists it: each record (not each set) has its own <c>id</c>;
/// <c>ttl</c> 1 means "automatic"; <c>proxied</c> exists for A/AAAA/CNAME only.
/// </summary>
internal sealed record ApiDnsRecord
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    [JsonPropertyName("name")]
    public string Name { get; init; } = string.Empty;

    [JsonPropertyName("type")]
    public string Type { get; init; } = string.Empty;

    [JsonPropertyName("content")]
    public string? Content { get; init; }

    [JsonPropertyName("ttl")]
    public long Ttl { get; init; }

    [JsonPropertyName("proxied")]
    public bool? Proxied { get; init; }

    [JsonPropertyName("data")]
    public ApiSrvData? Data { get; init; }
}
