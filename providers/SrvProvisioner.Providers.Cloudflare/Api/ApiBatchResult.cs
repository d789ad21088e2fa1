using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>A batch's answer: the records deleted and created.</summary>
internal sealed record ApiBatchResult
{
    [JsonPropertyName("deletes")]
    public IReadOnlyList<ApiDnsRecord>? Deletes { get; init; }

    [JsonPropertyName("posts")]
    public IReadOnlyList<ApiDnsRecord>? Posts { get; init; }
}
