using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>Paging of a list answer: this page, its size, how many on it, how many in all.</summary>
internal sealed record ApiResultInfo
{
    [JsonPropertyName("page")]
    public int Page { get; init; }

    [JsonPropertyName("per_page")]
    public int PerPage { get; init; }

    [JsonPropertyName("count")]
    public int Count { get; init; }

    [JsonPropertyName("total_count")]
    public int TotalCount { get; init; }
}
