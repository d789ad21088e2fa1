using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Planning;

/// <summary>
/// The plan as one JSON document: what <c>--format json</c> prints and what <c>--out</c>
/// saves. The top-level <c>serverName</c>, <c>changes</c> and <c>findings</c> follow the
/// design's contract; <c>formatVersion</c>, <c>provider</c>, <c>zone</c>, <c>request</c>
/// and <c>observed</c> let <c>apply PLANFILE</c> check and apply exactly what was reviewed.
/// </summary>
public static class PlanJson
{
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Serialize(Plan plan) => ToJson(plan).ToJsonString(Indented);

    public static JsonObject ToJson(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var changes = new JsonArray();
        foreach (var c in plan.DnsChanges)
        {
            changes.Add((JsonNode)new JsonObject
            {
                ["kind"] = "dns",
                ["action"] = ActionName(c.Action),
                ["name"] = c.Key.Name.Fqdn,
                ["type"] = c.Key.Type.ToMnemonic(),
                ["before"] = Values(c.Before),
                ["after"] = Values(c.After),
                ["ttlBefore"] = c.Before is null ? null : c.Before.Ttl,
                ["ttlAfter"] = c.After is null ? null : c.After.Ttl,
            });
        }

        foreach (var file in plan.ConfigFiles)
        {
            foreach (var c in file.Changes)
            {
                changes.Add((JsonNode)new JsonObject
                {
                    ["kind"] = "config",
                    ["action"] = ActionName(c.Action),
                    ["path"] = file.Path,
                    ["setting"] = c.Setting,
                    ["before"] = c.Before is null ? null : JsonNode.Parse(c.Before),
                    ["after"] = c.After is null ? null : JsonNode.Parse(c.After),
                });
            }
        }

        return new JsonObject
        {
            ["formatVersion"] = FormatVersion,
            ["serverName"] = plan.ServerName.Value,
            ["changes"] = changes,
            ["findings"] = FindingsJson(plan.Findings),
            ["createdAt"] = plan.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["provider"] = new JsonObject
            {
                ["name"] = plan.Provider.Name,
                ["settings"] = new JsonObject(plan.Provider.Settings.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            },
            ["zone"] = new JsonObject
            {
                ["name"] = plan.Zone.Name.Fqdn,
                ["id"] = plan.Zone.Id,
                ["private"] = plan.Zone.IsPrivate,
            },
            ["request"] = new JsonObject
            {
                ["records"] = new JsonArray([.. plan.Request.Records.Select(r => (JsonNode?)r.ToString())]),
                ["ttl"] = plan.Request.Ttl,
                ["services"] = plan.Request.Services.ToString().ToLowerInvariant(),
            },
            ["observed"] = new JsonObject
            {
                ["dns"] = new JsonArray([.. plan.Observed.Select(SetJson)]),
                ["configFiles"] = new JsonArray([.. plan.ConfigFiles.Select(f => (JsonNode?)new JsonObject
                {
                    ["path"] = f.Path,
                    ["kind"] = f.Kind,
                    ["sha256"] = f.Sha256,
                    ["diff"] = f.Diff,
                    ["tree"] = f.Tree is null ? null : new JsonObject
                    {
                        ["root"] = f.Tree.Root,
                        ["confDirectory"] = f.Tree.ConfDirectory,
                        ["sha256"] = f.Tree.Sha256,
                        ["hasMainFile"] = f.Tree.HasMainFile,
                    },
                })]),
            },
        };
    }

    public static JsonArray FindingsJson(IEnumerable<Finding> findings) =>
        new([.. findings.Select(f => (JsonNode?)new JsonObject
        {
            ["severity"] = f.Severity.ToString().ToLowerInvariant(),
            ["code"] = f.Code,
            ["message"] = f.Message,
            ["blocksApply"] = f.BlocksApply ? true : null,
        })]);

    public static Plan Deserialize(string json, string source)
    {
        try
        {
            var root = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("empty document");
            var version = root["formatVersion"]?.GetValue<int>();
            if (version != FormatVersion)
            {
                throw new InvalidInputException($"{source} is not a srvprov plan file of format {FormatVersion} (found {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}); run plan --out again.");
            }

            var serverName = DnsName.ParseServerName(Str(root, "serverName"));
            var request = root["request"]!.AsObject();
            var delegation = new DelegationRequest(
                serverName,
                [.. request["records"]!.AsArray().Select(n => SrvRecord.Parse(n!.GetValue<string>()))],
                request["ttl"]!.GetValue<uint>(),
                Enum.Parse<MatrixServices>(Str(request, "services"), ignoreCase: true));

            var providerNode = root["provider"]!.AsObject();
            var settings = providerNode["settings"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>());
            var provider = new ProviderReference(Str(providerNode, "name"), settings);

            var zoneNode = root["zone"]!.AsObject();
            var zone = new HostedZone(DnsName.Parse(Str(zoneNode, "name")), Str(zoneNode, "id")) { IsPrivate = zoneNode["private"]?.GetValue<bool>() ?? false };

            var observedNode = root["observed"]!.AsObject();
            var observed = observedNode["dns"]!.AsArray().Select(n => ReadSet(n!.AsObject())).ToList();

            var dnsChanges = new List<RecordSetChange>();
            var configChanges = new List<(string Path, ConfigChange Change)>();
            foreach (var node in root["changes"]!.AsArray())
            {
                var c = node!.AsObject();
                var action = Enum.Parse<ChangeAction>(Str(c, "action"), ignoreCase: true);
                if (Str(c, "kind") == "dns")
                {
                    var name = DnsName.Parse(Str(c, "name"));
                    var type = RecordTypeNames.Parse(Str(c, "type"));
                    var before = c["ttlBefore"] is null ? null : observed.FirstOrDefault(s => s.Name == name && s.Type == type)
                        ?? new RecordSet(name, type, c["ttlBefore"]!.GetValue<uint>(), c["before"]!.AsArray().Select(v => v!.GetValue<string>()));
                    var after = c["ttlAfter"] is null ? null : new RecordSet(name, type, c["ttlAfter"]!.GetValue<uint>(), c["after"]!.AsArray().Select(v => v!.GetValue<string>()));
                    dnsChanges.Add(new RecordSetChange(before, after));
                }
                else
                {
                    configChanges.Add((Str(c, "path"), new ConfigChange(Str(c, "setting"), action, c["before"]?.ToJsonString(), c["after"]?.ToJsonString())));
                }
            }

            var files = observedNode["configFiles"]!.AsArray().Select(n =>
            {
                var f = n!.AsObject();
                var path = Str(f, "path");
                return new ConfigFilePlan(path, Str(f, "kind"), Str(f, "sha256"), [.. configChanges.Where(x => x.Path == path).Select(x => x.Change)])
                {
                    Diff = f["diff"]?.GetValue<string>(),
                    Tree = f["tree"] is JsonObject t
                        ? new ConfigTree(Str(t, "root"), Str(t, "confDirectory"), Str(t, "sha256")) { HasMainFile = t["hasMainFile"]?.GetValue<bool>() ?? true }
                        : null,
                };
            }).ToList();

            var findings = root["findings"]!.AsArray().Select(n =>
            {
                var f = n!.AsObject();
                return new Finding(Enum.Parse<Severity>(Str(f, "severity"), ignoreCase: true), Str(f, "code"), Str(f, "message"))
                {
                    BlocksApply = f["blocksApply"]?.GetValue<bool>() ?? false,
                };
            }).ToList();

            var createdAt = DateTimeOffset.Parse(Str(root, "createdAt"), System.Globalization.CultureInfo.InvariantCulture);
            return new Plan(delegation, provider, zone, observed, dnsChanges, files, findings, createdAt);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException or KeyNotFoundException)
        {
            throw new InvalidInputException($"{source} is not a readable srvprov plan file ({ex.Message}); run plan --out again.", ex);
        }
    }

    /// <summary>Saves the plan privately (0600: it shows config lines); never over one of <paramref name="inputs"/> or a non-regular file.</summary>
    public static async Task WriteAsync(Plan plan, string path, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        try
        {
            await AtomicFileReplacer.Default.WriteOutputAsync(path, "plan file", new UTF8Encoding(false).GetBytes(Serialize(plan) + "\n"), inputs, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Cannot write plan file {path}: {ex.Message}", ex);
        }
    }

    public static async Task<Plan> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = Encoding.UTF8.GetString(await InputFile.ReadAllBytesAsync(path, InputKind.PlanFile, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Cannot read plan file {path}: {ex.Message}", ex);
        }

        return Deserialize(json, path);
    }

    private static string ActionName(ChangeAction action) => action.ToString().ToLowerInvariant();

    private static JsonArray Values(RecordSet? set) => set is null ? [] : new JsonArray([.. set.Values.Select(v => (JsonNode?)v)]);

    private static JsonNode SetJson(RecordSet set) => new JsonObject
    {
        ["name"] = set.Name.Fqdn,
        ["type"] = set.Type.ToMnemonic(),
        ["ttl"] = set.Ttl,
        ["values"] = Values(set),
        ["version"] = set.Version,
    };

    private static RecordSet ReadSet(JsonObject o) =>
        new(DnsName.Parse(Str(o, "name")), RecordTypeNames.Parse(Str(o, "type")), o["ttl"]!.GetValue<uint>(), o["values"]!.AsArray().Select(v => v!.GetValue<string>()))
        {
            Version = o["version"]?.GetValue<string>(),
        };

    private static string Str(JsonObject o, string key) =>
        o[key]?.GetValue<string>() ?? throw new JsonException($"'{key}' is missing");
}
