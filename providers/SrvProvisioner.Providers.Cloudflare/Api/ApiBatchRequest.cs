using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>
/// <c>POST /zones/{zone_id}/dns_records/batch</c>: run as one database transaction, always in
/// the order deletes, patches, puts, posts. srvprov sends only deletes (by the ids the plan
/// saw) and posts.
/// </summary>
internal sealed record ApiBatchRequest
{
    [JsonPropertyName("deletes")]
    public IReadOnlyList<ApiRecordRef> Deletes { get; init; } = [];

    [JsonPropertyName("posts")]
    public IReadOnlyList<ApiNewRecord> Posts { get; init; } = [];
}
