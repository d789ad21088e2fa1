using System.Text.Json;
using System.Text.Json.Serialization;

namespace SrvProvisioner.Providers.AzureDns.Api.Json;

/// <summary>
/// One TXT record: <c>value</c> holds its character-strings (see <c>AzureTxtText</c>). Kept as
/// raw JSON so that a value that is not an array of strings is reported as such, not as a body
/// that is not a record set.
/// </summary>
internal sealed record ArmTxtRecord
{
    [JsonPropertyName("value")]
    public JsonElement? Value { get; init; }
}
