using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>A batch's <c>deletes</c> entry: the id of a record to delete.</summary>
internal sealed record ApiRecordRef(
    [property: JsonPropertyName("id")] string Id);
