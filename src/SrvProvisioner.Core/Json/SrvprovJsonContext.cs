using System.Text.Json.Serialization;

namespace SrvProvisioner.Core.Json;

/// <summary>
/// Source-generated (Native AOT) serialization of every JSON document srvprov reads or writes;
/// the DTO records in this folder are the documented <c>--format json</c> and plan-file
/// contract. Use <see cref="SrvprovJson"/>, which adds the encoder.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    AllowOutOfOrderMetadataProperties = true,
    MaxDepth = 32)]
[JsonSerializable(typeof(PlanDocument))]
[JsonSerializable(typeof(ApplyDocument))]
[JsonSerializable(typeof(ReceiptDocument))]
[JsonSerializable(typeof(UndoDocument))]
[JsonSerializable(typeof(VerifyDocument))]
[JsonSerializable(typeof(FleetDocument))]
[JsonSerializable(typeof(FleetVerifyDocument))]
[JsonSerializable(typeof(IReadOnlyList<ProviderDescriptionDocument>))]
public sealed partial class SrvprovJsonContext : JsonSerializerContext;
