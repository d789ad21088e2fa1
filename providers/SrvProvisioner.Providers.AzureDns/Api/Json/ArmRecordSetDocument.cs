using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>A record-set resource (api-version 2018-05-01, "Record Sets - Get / Create Or Update"); a PUT body carries only <see cref="Properties"/>.</summary>
internal sealed record ArmRecordSetDocument
{
    [JsonPropertyName("etag")]
    public string? Etag { get; init; }

    [JsonPropertyName("properties")]
    public ArmRecordSetProperties? Properties { get; init; }
}
