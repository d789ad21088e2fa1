using System.Text.Json.Nodes;

namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>Reads ARM JSON whose property names vary in case (<c>TTL</c>, <c>ttl</c>; <c>SRVRecords</c>).</summary>
internal static class ArmJson
{
    public static JsonNode? Get(JsonNode? node, string name)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        if (obj.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    public static string? GetString(JsonNode? node, string name) =>
        Get(node, name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? GetNumber(JsonNode? node, string name) =>
        Get(node, name) is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    /// <summary>ARM's error body: <c>{"error":{"code":"...","message":"..."}}</c> (or the older top-level code/message).</summary>
    public static (string Code, string Message) Error(BinaryData content, int status)
    {
        try
        {
            var root = JsonNode.Parse(content.ToString());
            var error = Get(root, "error") ?? root;
            return (GetString(error, "code") ?? $"Http{status}", GetString(error, "message") ?? "(no message)");
        }
        catch (System.Text.Json.JsonException)
        {
            var text = content.ToString().Trim();
            return ($"Http{status}", text.Length == 0 ? "(no message)" : text[..Math.Min(200, text.Length)]);
        }
    }
}
