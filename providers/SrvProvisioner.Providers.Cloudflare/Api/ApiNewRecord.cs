using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>
/// A record to create (a batch's <c>posts</c> entry): an SRV record with <c>data</c>, or a TXT
/// record with <c>content</c> (quoted character-strings, see <see cref="CloudflareTxtText"/>).
/// Neither carries <c>proxied</c>: Cloudflare proxies only A, AAAA and CNAME records.
/// </summary>
internal sealed record ApiNewRecord
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("ttl")]
    public required long Ttl { get; init; }

    [JsonPropertyName("data")]
    public ApiSrvData? Data { get; init; }

    [JsonPropertyName("content")]
    public string? Content { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }
}
