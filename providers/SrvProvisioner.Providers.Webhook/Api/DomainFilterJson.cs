using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>
/// The answer to <c>GET /</c> in both forms found in the wild: ExternalDNS's own
/// <c>endpoint.DomainFilter</c> JSON (<c>include</c>, <c>exclude</c>, <c>regexInclude</c>,
/// <c>regexExclude</c>, each omitted when empty; what <c>external-dns --webhook-server</c> and
/// most community servers send) and the OpenAPI file's <c>{"filters": [...]}</c>.
/// </summary>
internal sealed record DomainFilterJson
{
    [JsonPropertyName("filters")]
    public IReadOnlyList<string>? Filters { get; init; }

    [JsonPropertyName("include")]
    public IReadOnlyList<string>? Include { get; init; }

    [JsonPropertyName("exclude")]
    public IReadOnlyList<string>? Exclude { get; init; }

    [JsonPropertyName("regexInclude")]
    public string? RegexInclude { get; init; }

    [JsonPropertyName("regexExclude")]
    public string? RegexExclude { get; init; }
}
