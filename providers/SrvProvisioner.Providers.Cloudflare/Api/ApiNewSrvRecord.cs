using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>An SRV record to create (a batch's <c>posts</c> entry).</summary>
internal sealed record ApiNewSrvRecord
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "SRV";

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("ttl")]
    public required long Ttl { get; init; }

    [JsonPropertyName("data")]
    public required ApiSrvData Data { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }
}
