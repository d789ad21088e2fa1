using System.Globalization;
using System.Text.Json.Nodes;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>
/// The record-set resource body of api-version 2018-05-01 ("Record Sets - Create Or Update"):
/// <c>properties.TTL</c> and one array per type, <c>SRVRecords</c> (priority, weight, port,
/// target), <c>CNAMERecord</c> (cname), <c>ARecords</c> (ipv4Address), <c>AAAARecords</c>
/// (ipv6Address), <c>TXTRecords</c> (<c>value</c>: the record's strings, see
/// <see cref="AzureTxtText"/>). The resource's <c>etag</c> becomes <see cref="RecordSet.Version"/>.
/// </summary>
internal static class ArmRecordSetJson
{
    public static string TypeSegment(RecordType type) => type switch
    {
        RecordType.Srv => "SRV",
        RecordType.Cname => "CNAME",
        RecordType.A => "A",
        RecordType.Aaaa => "AAAA",
        RecordType.Txt => "TXT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a record type srvprov reads"),
    };

    public static RecordSet Parse(DnsName owner, RecordType type, BinaryData content, string? headerETag)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(content);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(content.ToString());
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ProviderException($"Azure DNS answered {owner.Fqdn} {type.ToMnemonic()} with a body that is not JSON ({ex.Message}).", ex);
        }

        var properties = ArmJson.Get(root, "properties");
        var ttl = ArmJson.GetNumber(properties, "TTL") ?? 0;
        var etag = ArmJson.GetString(root, "etag") ?? headerETag;
        try
        {
            return new RecordSet(owner, type, (uint)Math.Clamp(ttl, 0, uint.MaxValue), Values(owner, type, properties)) { Version = etag };
        }
        catch (InvalidInputException ex)
        {
            throw new ProviderException($"Azure DNS holds {type.ToMnemonic()} data at {owner.Fqdn} that srvprov cannot read ({ex.Message}); fix it in the portal, then plan again.", ex);
        }
    }

    /// <summary>The PUT body for <paramref name="set"/>. Targets are sent without the trailing dot, as the portal and docs write them; Azure treats them as absolute.</summary>
    public static BinaryData Body(RecordSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var properties = new JsonObject { ["TTL"] = set.Ttl };
        switch (set.Type)
        {
            case RecordType.Srv:
                properties["SRVRecords"] = new JsonArray([.. set.SrvRecords().Select(r => (JsonNode?)new JsonObject
                {
                    ["priority"] = r.Priority,
                    ["weight"] = r.Weight,
                    ["port"] = r.Port,
                    ["target"] = r.Target.Value,
                })]);
                break;
            case RecordType.Cname:
                properties["CNAMERecord"] = new JsonObject { ["cname"] = set.Values.Single().TrimEnd('.') };
                break;
            case RecordType.A:
                properties["ARecords"] = new JsonArray([.. set.Values.Select(v => (JsonNode?)new JsonObject { ["ipv4Address"] = v })]);
                break;
            case RecordType.Aaaa:
                properties["AAAARecords"] = new JsonArray([.. set.Values.Select(v => (JsonNode?)new JsonObject { ["ipv6Address"] = v })]);
                break;
            case RecordType.Txt:
                properties["TXTRecords"] = new JsonArray([.. set.Values.Select(v => (JsonNode?)new JsonObject
                {
                    ["value"] = new JsonArray([.. AzureTxtText.ToStrings(v).Select(t => (JsonNode?)JsonValue.Create(t))]),
                })]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(set), set.Type, "not a record type srvprov writes");
        }

        return BinaryData.FromString(new JsonObject { ["properties"] = properties }.ToJsonString());
    }

    private static IEnumerable<string> Values(DnsName owner, RecordType type, JsonNode? properties)
    {
        if (ArmJson.Get(properties, "targetResource") is JsonObject target && ArmJson.GetString(target, "id") is { Length: > 0 } targetId)
        {
            // An alias record set answers with the target resource's addresses, which ARM does not list.
            return type is RecordType.A or RecordType.Aaaa
                ? [$"alias {targetId}"]
                : throw new ProviderException($"{owner.Fqdn} {type.ToMnemonic()} in Azure DNS is an alias record set (target {targetId}); srvprov cannot compare it. Remove it or make it a plain record set, then plan again.");
        }

        return type switch
        {
            RecordType.Srv => Items(properties, "SRVRecords").Select(r => string.Create(
                CultureInfo.InvariantCulture,
                $"{ArmJson.GetNumber(r, "priority") ?? 0} {ArmJson.GetNumber(r, "weight") ?? 0} {ArmJson.GetNumber(r, "port") ?? 0} {Absolute(ArmJson.GetString(r, "target"))}")),
            RecordType.Cname => ArmJson.GetString(ArmJson.Get(properties, "CNAMERecord"), "cname") is { Length: > 0 } cname ? [Absolute(cname)] : [],
            RecordType.A => Items(properties, "ARecords").Select(r => ArmJson.GetString(r, "ipv4Address") ?? string.Empty),
            RecordType.Aaaa => Items(properties, "AAAARecords").Select(r => ArmJson.GetString(r, "ipv6Address") ?? string.Empty),
            RecordType.Txt => Items(properties, "TXTRecords").Select(r => AzureTxtText.FromStrings(
                ArmJson.Get(r, "value") is JsonArray strings
                    ? [.. strings.Select(t => t is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new InvalidInputException("a TXT value that is not a string"))]
                    : throw new InvalidInputException("a TXT record without its value array"))),
            _ => [],
        };
    }

    private static IEnumerable<JsonNode?> Items(JsonNode? properties, string name) =>
        ArmJson.Get(properties, name) is JsonArray array ? array : [];

    private static string Absolute(string? name) =>
        string.IsNullOrEmpty(name) ? "." : name.EndsWith('.') ? name : name + ".";
}
