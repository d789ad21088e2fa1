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
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "The emulator serves SRV, CNAME, A and AAAA."),
    };

    public static IReadOnlyList<string> Values(string type, JsonNode records) => type.ToUpperInvariant() switch
    {
        "SRV" => [.. records.AsArray().Select(r => string.Create(CultureInfo.InvariantCulture, $"{Number(r!["priority"])} {Number(r["weight"])} {Number(r["port"])} {Absolute((string)r["target"]!)}"))],
        "CNAME" => [Absolute((string)records["cname"]!)],
        "A" => [.. records.AsArray().Select(r => (string)r!["ipv4Address"]!)],
        "AAAA" => [.. records.AsArray().Select(r => (string)r!["ipv6Address"]!)],
        _ => [],
    };

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
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>A JSON number however it was built (parsed text, int or long).</summary>
    private static long Number(JsonNode? node) =>
        long.Parse(node?.ToJsonString() ?? throw new FormatException("a number is missing"), NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";
}
