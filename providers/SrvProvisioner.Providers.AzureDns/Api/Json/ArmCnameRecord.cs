using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>A CNAME record set's one record.</summary>
internal sealed record ArmCnameRecord
{
    [JsonPropertyName("cname")]
    public string? Cname { get; init; }
}
