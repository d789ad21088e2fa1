using System.Text.Json;
using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>
/// ExternalDNS's <c>endpoint.Endpoint</c> as the webhook protocol carries it (OpenAPI
/// <c>api/webhook.yaml</c>, schema "endpoint"): <c>dnsName</c> without trailing dot, one
/// <c>recordType</c>, its <c>targets</c> (SRV: <c>"10 0 8448 matrix.example.com"</c>),
/// <c>recordTTL</c> (0 or absent: the provider's default), and the provider's own
/// <c>setIdentifier</c>, <c>labels</c> and <c>providerSpecific</c>, which srvprov never reads
/// but sends back unchanged. Members this version does not know are kept too
/// (<see cref="Unknown"/>), so an update never drops what a newer server added.
/// </summary>
internal sealed record WebhookEndpoint
{
    [JsonPropertyName("dnsName")]
    public string DnsName { get; init; } = string.Empty;

    [JsonPropertyName("targets")]
    public IReadOnlyList<string>? Targets { get; init; }

    [JsonPropertyName("recordType")]
    public string RecordType { get; init; } = string.Empty;

    [JsonPropertyName("setIdentifier")]
    public string? SetIdentifier { get; init; }

    [JsonPropertyName("recordTTL")]
    public long? RecordTtl { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("providerSpecific")]
    public IReadOnlyList<ProviderSpecificProperty>? ProviderSpecific { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
