using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>One entry of an envelope's <c>errors</c>: a numeric code and Cloudflare's own text.</summary>
internal sealed record ApiMessage
{
    [JsonPropertyName("code")]
    public int Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
