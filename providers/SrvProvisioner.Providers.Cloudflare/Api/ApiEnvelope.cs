using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>
/// Every Cloudflare API v4 answer: <c>{"success", "errors", "messages", "result", "result_info"}</c>
/// (reference: Cloudflare API, "Making API calls").
/// </summary>
internal sealed record ApiEnvelope<T>
{
    [JsonPropertyName("success")]
    public bool Success { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<ApiMessage>? Errors { get; init; }

    [JsonPropertyName("result")]
    public T? Result { get; init; }

    [JsonPropertyName("result_info")]
    public ApiResultInfo? ResultInfo { get; init; }
}
