using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SrvProvisioner.Testing.Cloudflare;

/// <summary>
/// <c>POST /zones/{id}/dns_records/batch</c>: one transaction, always deletes, then patches,
/// then puts, then posts, on a copy of the zone that replaces it only when every operation
/// succeeded. Any failure answers 400 with the operation's error and changes nothing.
/// </summary>
public sealed partial class CloudflareEmulator
{
    private JsonObject Batch(CloudflareZone zone, string body)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw new CloudflareEmulatorError(400, 1004, "The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new CloudflareEmulatorError(400, 1004, $"Malformed JSON in request body: {ex.Message}");
        }

        var deletes = Items(request, "deletes");
        var patches = Items(request, "patches");
        var puts = Items(request, "puts");
        var posts = Items(request, "posts");
        var operations = deletes.Count + patches.Count + puts.Count + posts.Count;
        if (operations > BatchLimit)
        {
            throw new CloudflareEmulatorError(400, 1004, $"Batch holds {operations} record operations; this zone's plan allows at most {BatchLimit}.");
        }

        var records = zone.Records.ToList();
        var deleted = new JsonArray();
        foreach (var d in deletes)
        {
            var id = Str(d, "id");
            var record = records.FirstOrDefault(r => r.Id == id) ?? throw new CloudflareEmulatorError(400, 81044, "Record does not exist.");
            records.Remove(record);
            deleted.Add(RecordJson(record));
        }

        var patched = new JsonArray();
        foreach (var p in patches)
        {
            var id = Str(p, "id");
            var old = records.FirstOrDefault(r => r.Id == id) ?? throw new CloudflareEmulatorError(400, 81044, "Record does not exist.");
            var merged = JsonNode.Parse(RecordJson(old).ToJsonString())!.AsObject();
            foreach (var (k, v) in p)
            {
                merged[k] = v?.DeepClone();
            }

            records.Remove(old);
            var record = NewRecord(zone, records, merged, id);
            records.Add(record);
            patched.Add(RecordJson(record));
        }

        var put = new JsonArray();
        foreach (var p in puts)
        {
            var id = Str(p, "id");
            var old = records.FirstOrDefault(r => r.Id == id) ?? throw new CloudflareEmulatorError(400, 81044, "Record does not exist.");
            records.Remove(old);
            var record = NewRecord(zone, records, p, id);
            records.Add(record);
            put.Add(RecordJson(record));
        }

        var posted = new JsonArray();
        foreach (var p in posts)
        {
            var record = NewRecord(zone, records, p, NewId());
            records.Add(record);
            posted.Add(RecordJson(record));
        }

        zone.Records = records;
        _batchLog.Add($"{zone.Name}: {deletes.Count} deletes, {patches.Count} patches, {puts.Count} puts, {posts.Count} posts");
        return new JsonObject { ["deletes"] = deleted, ["patches"] = patched, ["puts"] = put, ["posts"] = posted };
    }

    private static List<JsonObject> Items(JsonObject request, string key) => request[key] switch
    {
        null => [],
        JsonArray array => [.. array.Select(n => n as JsonObject ?? throw new CloudflareEmulatorError(400, 1004, $"Each entry of '{key}' must be an object."))],
        _ => throw new CloudflareEmulatorError(400, 1004, $"'{key}' must be an array."),
    };

    /// <summary>Validates a record to write into <paramref name="records"/>, as Cloudflare's DNS validation does.</summary>
    private static CloudflareRecord NewRecord(CloudflareZone zone, List<CloudflareRecord> records, JsonObject o, string id)
    {
        var type = Str(o, "type").ToUpperInvariant();
        var name = Str(o, "name").TrimEnd('.').ToLowerInvariant();
        if (name != zone.Name && !name.EndsWith("." + zone.Name, StringComparison.Ordinal))
        {
            throw new CloudflareEmulatorError(400, 9007, $"Content for {type} record is invalid: {name} is not in zone {zone.Name}.");
        }

        var ttl = o["ttl"] is JsonValue t && t.TryGetValue<long>(out var ttlValue) ? ttlValue : 1;
        if (ttl != 1 && (ttl < 30 || ttl > 86400))
        {
            throw new CloudflareEmulatorError(400, 9021, "Invalid TTL. Must be between 30 and 86400 seconds, or 1 for Automatic.");
        }

        var proxiedNode = o["proxied"] is JsonValue pv && pv.TryGetValue<bool>(out var pb) ? pb : (bool?)null;
        string content;
        switch (type)
        {
            case "SRV":
                if (proxiedNode == true)
                {
                    throw new CloudflareEmulatorError(400, 9004, "This record type cannot be proxied.");
                }

                var data = o["data"] as JsonObject ?? throw new CloudflareEmulatorError(400, 9101, "SRV record needs data: priority, weight, port, target.");
                var target = Str(data, "target").TrimEnd('.').ToLowerInvariant();
                if (target.Length == 0)
                {
                    throw new CloudflareEmulatorError(400, 9101, "SRV data.target is required.");
                }

                content = string.Create(CultureInfo.InvariantCulture, $"{Field(data, "priority")} {Field(data, "weight")} {Field(data, "port")} {target}");
                proxiedNode = null;
                break;
            case "A" or "AAAA" or "CNAME":
                content = Str(o, "content");
                proxiedNode ??= false;
                break;
            case "TXT":
                if (proxiedNode == true)
                {
                    throw new CloudflareEmulatorError(400, 9004, "This record type cannot be proxied.");
                }

                content = CloudflareTxtContent.Store(Str(o, "content"));
                proxiedNode = null;
                if (records.Where(r => r.Name == name && r.Type == type).Sum(r => r.Content.Length) + content.Length > CloudflareTxtContent.MaxCombinedContent)
                {
                    throw new CloudflareEmulatorError(400, 9005, $"The combined content of TXT records with the same name must not exceed {CloudflareTxtContent.MaxCombinedContent} characters.");
                }

                break;
            default:
                throw new CloudflareEmulatorError(400, 9000, $"DNS record type {type} is not supported by this emulator.");
        }

        if (records.Any(r => r.Name == name && r.Type == type && r.Content == content))
        {
            throw new CloudflareEmulatorError(400, 81058, "An identical record already exists.");
        }

        if (type == "CNAME" && records.Any(r => r.Name == name))
        {
            throw new CloudflareEmulatorError(400, 81053, "An A, AAAA, or CNAME record with that host already exists.");
        }

        if (type != "CNAME" && records.Any(r => r.Name == name && r.Type == "CNAME"))
        {
            throw new CloudflareEmulatorError(400, 81054, "A CNAME record with that host already exists.");
        }

        return new CloudflareRecord(id, name, type, content, ttl, proxiedNode) { Comment = o["comment"]?.GetValue<string>() };
    }

    private static int Field(JsonObject data, string key)
    {
        if (data[key] is JsonValue v && v.TryGetValue<int>(out var n) && n is >= 0 and <= 65535)
        {
            return n;
        }

        throw new CloudflareEmulatorError(400, 9101, $"SRV data.{key} must be a number from 0 to 65535.");
    }

    private static string Str(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new CloudflareEmulatorError(400, 1004, $"'{key}' is required.");
}
