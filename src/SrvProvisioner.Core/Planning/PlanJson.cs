using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;
using SrvProvisioner.Core.Json;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Planning;

/// <summary>
/// Maps a <see cref="Plan"/> to and from its JSON document (<see cref="PlanDocument"/>, the
/// contract): what <c>--format json</c> prints and what <c>--out</c> saves. Plan files of
/// format 1 written before the documents left out null members (explicit <c>null</c>s) read
/// the same.
/// </summary>
public static class PlanJson
{
    public const int FormatVersion = 1;

    public static string Serialize(Plan plan) => SrvprovJson.Serialize(ToDocument(plan), c => c.PlanDocument);

    /// <summary>The plan as its document, e.g. to add <see cref="PlanDocument.Applied"/> or take its changes into a fleet's.</summary>
    public static PlanDocument ToDocument(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new PlanDocument
        {
            FormatVersion = FormatVersion,
            ServerName = plan.ServerName.Value,
            Changes = ChangeDocuments(plan),
            Findings = FindingDocuments(plan.Findings),
            CreatedAt = plan.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            Provider = new ProviderReferenceDocument { Name = plan.Provider.Name, Settings = plan.Provider.Settings },
            Zone = new ZoneDocument { Name = plan.Zone.Name.Fqdn, Id = plan.Zone.Id, Private = plan.Zone.IsPrivate },
            Request = new RequestDocument
            {
                Records = [.. plan.Request.Records.Select(r => r.ToString())],
                Ttl = plan.Request.Ttl,
                Services = plan.Request.Services.ToString().ToLowerInvariant(),
            },
            Observed = new ObservedDocument
            {
                Dns = [.. plan.Observed.Select(SetDocument)],
                ConfigFiles = [.. plan.ConfigFiles.Select(f => new ConfigFileDocument
                {
                    Path = f.Path,
                    Kind = f.Kind,
                    Sha256 = f.Sha256,
                    Diff = f.Diff,
                    Tree = f.Tree is null ? null : new ConfigTreeDocument { Root = f.Tree.Root, ConfDirectory = f.Tree.ConfDirectory, Sha256 = f.Tree.Sha256, HasMainFile = f.Tree.HasMainFile },
                })],
            },
        };
    }

    /// <summary>The DNS changes, then each config file's setting changes.</summary>
    public static IReadOnlyList<ChangeDocument> ChangeDocuments(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var changes = new List<ChangeDocument>();
        changes.AddRange(plan.DnsChanges.Select(c => new DnsChangeDocument
        {
            Action = ActionName(c.Action),
            Name = c.Key.Name.Fqdn,
            Type = c.Key.Type.ToMnemonic(),
            Before = c.Before?.Values ?? [],
            After = c.After?.Values ?? [],
            TtlBefore = c.Before?.Ttl,
            TtlAfter = c.After?.Ttl,
        }));
        changes.AddRange(plan.ConfigFiles.SelectMany(file => file.Changes.Select(c => new ConfigChangeDocument
        {
            Action = ActionName(c.Action),
            Path = file.Path,
            Setting = c.Setting,
            Before = c.Before is null ? null : JsonNode.Parse(c.Before),
            After = c.After is null ? null : JsonNode.Parse(c.After),
        })));
        return changes;
    }

    public static IReadOnlyList<FindingDocument> FindingDocuments(IEnumerable<Finding> findings) =>
        [.. findings.Select(f => new FindingDocument
        {
            Severity = f.Severity.ToString().ToLowerInvariant(),
            Code = f.Code,
            Message = f.Message,
            BlocksApply = f.BlocksApply ? true : null,
        })];

    public static Plan Deserialize(string json, string source)
    {
        PlanDocument root;
        try
        {
            root = SrvprovJson.Deserialize(json, c => c.PlanDocument) ?? throw new JsonException("empty document");
        }
        // A lone UTF-16 surrogate cannot be transcoded to UTF-8 for the reader: the text is not JSON either.
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException { InnerException: System.Text.EncoderFallbackException })
        {
            throw Unreadable(source, ex);
        }

        return FromDocument(root, source);
    }

    /// <summary>The plan a read document holds (a plan file's, or a receipt's); <paramref name="source"/> names the file in errors.</summary>
    public static Plan FromDocument(PlanDocument root, string source)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.FormatVersion != FormatVersion)
        {
            throw new InvalidInputException($"{source} is not a srvprov plan file of format {FormatVersion} (found {root.FormatVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"}); run plan --out again.");
        }

        try
        {
            return Map(root);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException)
        {
            throw Unreadable(source, ex);
        }
    }

    private static InvalidInputException Unreadable(string source, Exception ex) =>
        new($"{source} is not a readable srvprov plan file ({ex.Message}); run plan --out again.", ex);

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

    private static Plan Map(PlanDocument root)
    {
        var serverName = DnsName.ParseServerName(Need(root.ServerName, "serverName"));
        var request = Need(root.Request, "request");
        var delegation = new DelegationRequest(
            serverName,
            [.. Strings(request.Records, "request.records").Select(SrvRecord.Parse)],
            Need(request.Ttl, "request.ttl"),
            MatrixServicesNames.Parse(Need(request.Services, "request.services"), "request.services"));

        var providerNode = Need(root.Provider, "provider");
        var provider = new ProviderReference(Need(providerNode.Name, "provider.name"), Need(providerNode.Settings, "provider.settings").ToDictionary(kv => kv.Key, kv => Need(kv.Value, "provider.settings." + kv.Key), StringComparer.Ordinal));

        var zoneNode = Need(root.Zone, "zone");
        var zone = new HostedZone(DnsName.Parse(Need(zoneNode.Name, "zone.name")), Need(zoneNode.Id, "zone.id")) { IsPrivate = zoneNode.Private ?? false };

        var observedNode = Need(root.Observed, "observed");
        var observed = Need(observedNode.Dns, "observed.dns").Select(d => ReadSet(Need(d, "observed.dns[]"))).ToList();

        var dnsChanges = new List<RecordSetChange>();
        var configChanges = new List<(string Path, ConfigChange Change)>();
        foreach (var node in Need(root.Changes, "changes"))
        {
            _ = Need(node, "changes[]");
            var action = Enum.Parse<ChangeAction>(Need(node.Action, "changes[].action"), ignoreCase: true);
            switch (node)
            {
                case DnsChangeDocument c:
                    var name = DnsName.Parse(Need(c.Name, "changes[].name"));
                    var type = RecordTypeNames.Parse(Need(c.Type, "changes[].type"));
                    var before = c.TtlBefore is not { } ttlBefore ? null : observed.FirstOrDefault(s => s.Name == name && s.Type == type)
                        ?? new RecordSet(name, type, ttlBefore, Strings(c.Before, "changes[].before"));
                    var after = c.TtlAfter is not { } ttlAfter ? null : new RecordSet(name, type, ttlAfter, Strings(c.After, "changes[].after"));
                    dnsChanges.Add(new RecordSetChange(before, after));
                    break;
                case ConfigChangeDocument c:
                    configChanges.Add((Need(c.Path, "changes[].path"), new ConfigChange(Need(c.Setting, "changes[].setting"), action, c.Before?.ToJsonString(), c.After?.ToJsonString())));
                    break;
            }
        }

        var files = Need(observedNode.ConfigFiles, "observed.configFiles").Select(f =>
        {
            _ = Need(f, "observed.configFiles[]");
            var path = Need(f.Path, "observed.configFiles[].path");
            return new ConfigFilePlan(path, Need(f.Kind, "observed.configFiles[].kind"), Need(f.Sha256, "observed.configFiles[].sha256"), [.. configChanges.Where(x => x.Path == path).Select(x => x.Change)])
            {
                Diff = f.Diff,
                Tree = f.Tree is not { } t
                    ? null
                    : new ConfigTree(Need(t.Root, "observed.configFiles[].tree.root"), Need(t.ConfDirectory, "observed.configFiles[].tree.confDirectory"), Need(t.Sha256, "observed.configFiles[].tree.sha256")) { HasMainFile = t.HasMainFile ?? true },
            };
        }).ToList();

        var findings = Need(root.Findings, "findings").Select(f => Need(f, "findings[]")).Select(f =>
            new Finding(Enum.Parse<Severity>(Need(f.Severity, "findings[].severity"), ignoreCase: true), Need(f.Code, "findings[].code"), Need(f.Message, "findings[].message"))
            {
                BlocksApply = f.BlocksApply ?? false,
            }).ToList();

        var createdAt = DateTimeOffset.Parse(Need(root.CreatedAt, "createdAt"), CultureInfo.InvariantCulture);
        return new Plan(delegation, provider, zone, observed, dnsChanges, files, findings, createdAt);
    }

    private static string ActionName(ChangeAction action) => action.ToString().ToLowerInvariant();

    private static RecordSetDocument SetDocument(RecordSet set) => new()
    {
        Name = set.Name.Fqdn,
        Type = set.Type.ToMnemonic(),
        Ttl = set.Ttl,
        Values = set.Values,
        Version = set.Version,
    };

    private static RecordSet ReadSet(RecordSetDocument o) =>
        new(DnsName.Parse(Need(o.Name, "observed.dns[].name")), RecordTypeNames.Parse(Need(o.Type, "observed.dns[].type")), Need(o.Ttl, "observed.dns[].ttl"), Strings(o.Values, "observed.dns[].values"))
        {
            Version = o.Version,
        };

    private static IReadOnlyList<string> Strings(IReadOnlyList<string>? values, string key) =>
        Need(values, key).Any(v => v is null) ? throw new JsonException($"'{key}' holds a null") : values!;

    private static T Need<T>(T? value, string key)
        where T : class =>
        value ?? throw new JsonException($"'{key}' is missing");

    private static T Need<T>(T? value, string key)
        where T : struct =>
        value ?? throw new JsonException($"'{key}' is missing");
}
