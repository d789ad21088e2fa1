using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>One of an endpoint's <c>providerSpecific</c> name/value pairs (e.g. Cloudflare's <c>external-dns.alpha.kubernetes.io/cloudflare-proxied</c>).</summary>
internal sealed record ProviderSpecificProperty(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value);
