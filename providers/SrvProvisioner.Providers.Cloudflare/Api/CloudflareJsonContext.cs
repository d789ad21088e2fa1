using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>Source-generated (Native AOT) serialisation of every body the client sends or reads.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiEnvelope<List<ApiZone>>))]
[JsonSerializable(typeof(ApiEnvelope<ApiZone>))]
[JsonSerializable(typeof(ApiEnvelope<List<ApiDnsRecord>>))]
[JsonSerializable(typeof(ApiEnvelope<ApiBatchResult>))]
[JsonSerializable(typeof(ApiBatchRequest))]
internal sealed partial class CloudflareJsonContext : JsonSerializerContext
{
}
