using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>ARM's error body: <c>{"error":{"code":"...","message":"..."}}</c>, or the older top-level code and message.</summary>
internal sealed record ArmErrorDocument
{
    [JsonPropertyName("error")]
    public ArmErrorDocument? Error { get; init; }

    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
