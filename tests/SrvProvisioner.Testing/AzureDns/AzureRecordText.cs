using System.Globalization;
using System.Text.Json.Nodes;

namespace SrvProvisioner.Testing.AzureDns;

/// <summary>Converts between record JSON of api-version 2018-05-01 and presentation text, for tests.</summary>
internal static class AzureRecordText
{
    public static string PropertyName(string type) => type.ToUpperInvariant() switch
    {
        "SRV" => "SRVRecords",
        "CNAME" => "CNAMERecord",
        "A" => "ARecords",
        "AAAA" => "AAAARecords",
        "TXT" => "TXTRecords",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "The emulator serves SRV, CNAME, A, AAAA and TXT."),
    };

    public static IReadOnlyList<string> Values(string type, JsonNode records) => type.ToUpperInvariant() switch
    {
        "SRV" => [.. records.AsArray().Select(r => string.Create(CultureInfo.InvariantCulture, $"{Number(r!["priority"])} {Number(r["weight"])} {Number(r["port"])} {Absolute((string)r["target"]!)}"))],
        "CNAME" => [Absolute((string)records["cname"]!)],
        "A" => [.. records.AsArray().Select(r => (string)r!["ipv4Address"]!)],
        "AAAA" => [.. records.AsArray().Select(r => (string)r!["ipv6Address"]!)],
        "TXT" => [.. records.AsArray().Select(r => TxtValue(r!["value"]!.AsArray()))],
        _ => [],
    };

    /// <summary>
    /// Azure DNS docs ("DNS zones and records", TXT records): a record holds several strings,
    /// each up to 255 characters, given separately to the REST API.
    /// </summary>
    public const int MaxTxtStringLength = 255;

    /// <summary>A TXT record's strings for assertions: each quoted, <c>"</c> and <c>\</c> escaped, other characters as they are.</summary>
    private static string TxtValue(JsonArray strings)
    {
        if (strings.Count == 0)
        {
            throw new FormatException("a TXT record needs at least one string in value");
        }

        return string.Join(' ', strings.Select(s =>
        {
            var text = (string?)s ?? throw new FormatException("a TXT value entry is not a string");
            if (text.Length > MaxTxtStringLength)
            {
                throw new FormatException($"a TXT string holds at most {MaxTxtStringLength} characters; one has {text.Length}");
            }

            return "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }));
    }

    /// <summary>Records JSON from presentation text, with targets written the way the portal does (no trailing dot).</summary>
    public static JsonNode Records(string type, IReadOnlyList<string> values) => type.ToUpperInvariant() switch
    {
        "SRV" => new JsonArray([.. values.Select(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => (JsonNode?)new JsonObject
        {
            ["priority"] = int.Parse(p[0], CultureInfo.InvariantCulture),
            ["weight"] = int.Parse(p[1], CultureInfo.InvariantCulture),
            ["port"] = int.Parse(p[2], CultureInfo.InvariantCulture),
            ["target"] = p[3].TrimEnd('.'),
        })]),
        "CNAME" => new JsonObject { ["cname"] = values.Single().TrimEnd('.') },
        "A" => new JsonArray([.. values.Select(v => (JsonNode?)new JsonObject { ["ipv4Address"] = v })]),
        "AAAA" => new JsonArray([.. values.Select(v => (JsonNode?)new JsonObject { ["ipv6Address"] = v })]),
        "TXT" => new JsonArray([.. values.Select(v => (JsonNode?)new JsonObject
        {
            ["value"] = new JsonArray([.. Core.Dns.TxtRecordText.Parse(v).Select(b => (JsonNode?)JsonValue.Create(System.Text.Encoding.UTF8.GetString(b)))]),
        })]),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>A JSON number however it was built (parsed text, int or long).</summary>
    private static long Number(JsonNode? node) =>
        long.Parse(node?.ToJsonString() ?? throw new FormatException("a number is missing"), NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";
}
