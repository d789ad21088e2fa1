using System.Text.Json;
using SrvProvisioner.Providers.AzureDns.Api.Json;

namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>Reads ARM's error bodies.</summary>
internal static class ArmJson
{
    /// <summary>ARM's error body: <c>{"error":{"code":"...","message":"..."}}</c> (or the older top-level code/message).</summary>
    public static (string Code, string Message) Error(BinaryData content, int status)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            var root = JsonSerializer.Deserialize(content.ToString(), ArmJsonContext.Default.ArmErrorDocument);
            var error = root?.Error ?? root;
            return (error?.Code ?? $"Http{status}", error?.Message ?? "(no message)");
        }
        catch (JsonException)
        {
            var text = content.ToString().Trim();
            return ($"Http{status}", text.Length == 0 ? "(no message)" : text[..Math.Min(200, text.Length)]);
        }
    }
}
