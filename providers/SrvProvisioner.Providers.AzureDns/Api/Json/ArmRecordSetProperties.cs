using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>A record set's <c>properties</c>: the TTL and one member per record type; <see cref="TargetResource"/> marks an alias record set.</summary>
internal sealed record ArmRecordSetProperties
{
    [JsonPropertyName("TTL")]
    public long? Ttl { get; init; }

    [JsonPropertyName("SRVRecords")]
    public IReadOnlyList<ArmSrvRecord?>? SrvRecords { get; init; }

    [JsonPropertyName("CNAMERecord")]
    public ArmCnameRecord? CnameRecord { get; init; }

    [JsonPropertyName("ARecords")]
    public IReadOnlyList<ArmARecord?>? ARecords { get; init; }

    [JsonPropertyName("AAAARecords")]
    public IReadOnlyList<ArmAaaaRecord?>? AaaaRecords { get; init; }

    [JsonPropertyName("TXTRecords")]
    public IReadOnlyList<ArmTxtRecord?>? TxtRecords { get; init; }

    [JsonPropertyName("targetResource")]
    public ArmSubResource? TargetResource { get; init; }
}
