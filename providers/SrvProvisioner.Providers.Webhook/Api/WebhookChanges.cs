using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>
/// The body of <c>POST /records</c> (ExternalDNS <c>plan.Changes</c>): endpoints to create,
/// <see cref="UpdateOld"/> and <see cref="UpdateNew"/> paired by index (the endpoint as it is,
/// and as it shall be), and endpoints to delete, each exactly as the server listed it.
/// </summary>
internal sealed record WebhookChanges(
    [property: JsonPropertyName("create")] IReadOnlyList<WebhookEndpoint> Create,
    [property: JsonPropertyName("updateOld")] IReadOnlyList<WebhookEndpoint> UpdateOld,
    [property: JsonPropertyName("updateNew")] IReadOnlyList<WebhookEndpoint> UpdateNew,
    [property: JsonPropertyName("delete")] IReadOnlyList<WebhookEndpoint> Delete)
{
    public int Count => Create.Count + UpdateNew.Count + Delete.Count;
}
