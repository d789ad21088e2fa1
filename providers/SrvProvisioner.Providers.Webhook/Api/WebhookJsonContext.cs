using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>
/// Source-generated JSON for the protocol's bodies (no reflection: srvprov ships as Native AOT).
/// Reading ignores case, as Go's encoding/json does on the server side; writing leaves out
/// absent members, as the Go structs' <c>omitempty</c> tags do.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 32)]
[JsonSerializable(typeof(List<WebhookEndpoint>))]
[JsonSerializable(typeof(WebhookChanges))]
[JsonSerializable(typeof(DomainFilterJson))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
