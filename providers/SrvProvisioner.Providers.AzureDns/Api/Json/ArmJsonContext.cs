using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>
/// Source-generated (Native AOT) serialization of the ARM bodies the client reads and writes.
/// Reading ignores case, because ARM answers <c>TTL</c> or <c>ttl</c>, <c>SRVRecords</c> or
/// <c>srvRecords</c>; writing uses the names the API reference spells.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 32)]
[JsonSerializable(typeof(ArmRecordSetDocument))]
[JsonSerializable(typeof(ArmZoneDocument))]
[JsonSerializable(typeof(ArmZonePage))]
[JsonSerializable(typeof(ArmErrorDocument))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ArmJsonContext : JsonSerializerContext;
