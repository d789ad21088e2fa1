using System.CommandLine;
using SrvProvisioner.Cli.Composition;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands;

/// <summary>
/// The options <c>plan</c> and <c>apply</c> share: what to publish, where, and what else to
/// check. Numbers are read as text and checked here so that a bad value gets a message that
/// names its range.
/// </summary>
internal sealed class PlanOptions
{
    public Option<string> ServerName { get; } = new("--server-name") { Description = "The Matrix server name: the domain in your Matrix IDs (example.com).", HelpName = "DOMAIN" };

    public Option<string[]> Targets { get; } = new("--target")
    {
        Description = "Where federation really lives: HOST[:PORT][,priority=N][,weight=N]. Port defaults to 8448. Repeat for several hosts.",
        HelpName = "HOST[:PORT]",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string> Priority { get; } = new("--priority") { Description = "SRV priority for targets that do not set their own (0-65535).", DefaultValueFactory = _ => "10" };

    public Option<string> Weight { get; } = new("--weight") { Description = "SRV weight for targets that do not set their own (0-65535).", DefaultValueFactory = _ => "0" };

    public Option<string> Ttl { get; } = new("--ttl") { Description = "TTL of the SRV records in seconds.", DefaultValueFactory = _ => "3600" };

    public Option<string> Services { get; } = new("--services")
    {
        Description = "Publish _matrix-fed._tcp and _matrix._tcp (both), or only one (fed, legacy).",
        DefaultValueFactory = _ => "both",
    };

    public Option<string> Provider { get; } = new("--provider")
    {
        Description = $"DNS provider: {string.Join(", ", ProviderCatalog.All.Select(f => f.Name))}. 'srvprov providers' lists their options.",
        DefaultValueFactory = _ => ProviderCatalog.DefaultProvider,
    };

    public Option<string[]> Config { get; } = new("--config") { Description = "A homeserver or deployment config file to check and fix (repeatable).", HelpName = "PATH" };

    public Option<string> ConfigKind { get; } = new("--config-kind") { Description = $"Force the kind of the --config files: {string.Join(", ", ConfigKinds.Names)}." };

    public Option<string> NginxPrefix { get; } = new("--nginx-prefix") { Description = "nginx's configuration directory, where relative include paths start (default: the main file's directory, e.g. /etc/nginx).", HelpName = "DIR" };

    public Option<string> CertFile { get; } = new("--cert-file") { Description = "A PEM certificate (and chain) to be served for the server name: checked offline.", HelpName = "PEM" };

    public Option<bool> CheckLive { get; } = new("--check-live") { Description = "Fetch https://<server-name>/.well-known/matrix/server: a served file takes precedence over SRV." };

    public Option<string[]> ConnectTo { get; } = new("--connect-to") { Description = "HOST:PORT:HOST2:PORT2 as in curl: connect there instead (--check-live, --prove, apply's proof; test a target before DNS points at it).", HelpName = "HOST:PORT:HOST2:PORT2" };

    public Option<string> CaFile { get; } = new("--ca-file") { Description = "Extra trust anchors (PEM) for TLS connections.", HelpName = "PEM" };

    public Option<string> DnsServer { get; } = new("--dns-server") { Description = "DNS server for lookups outside the provider: IP[:PORT].", HelpName = "IP[:PORT]" };

    public Option<string> Timeout { get; } = new("--timeout") { Description = "Bound for network checks: seconds (20) or with a unit (20s, 2m).", DefaultValueFactory = _ => "20s" };

    public Option<string> Format { get; } = new("--format") { Description = "Output: text for people, json for programs.", DefaultValueFactory = _ => "text" };

    public IReadOnlyList<(IDnsProviderFactory Factory, ProviderOption Spec, Option Option)> ProviderOptions { get; } =
        [.. ProviderCatalog.All.SelectMany(f => f.Options.Select(o => (f, o, CreateOption(o))))];

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { ServerName, Targets, Priority, Weight, Ttl, Services, Provider, Config, ConfigKind, NginxPrefix, CertFile, CheckLive, ConnectTo, CaFile, DnsServer, Timeout, Format })
        {
            command.Options.Add(option);
        }

        foreach (var (_, _, option) in ProviderOptions.DistinctBy(p => p.Option.Name))
        {
            command.Options.Add(option);
        }

        Services.AcceptOnlyFromAmong("both", "fed", "legacy");
        Format.AcceptOnlyFromAmong("text", "json");
    }

    public OutputFormat GetFormat(ParseResult parse) =>
        parse.GetValue(Format) == "json" ? OutputFormat.Json : OutputFormat.Text;

    public PlanRequest GetRequest(ParseResult parse)
    {
        var serverNameText = parse.GetValue(ServerName) ?? throw new InvalidInputException("--server-name is required: the domain in your Matrix IDs, e.g. --server-name example.com.");
        InputSlips.ThrowIfUrlOrMatrixId(serverNameText, "--server-name", defaultPort: null);
        var serverName = DnsName.ParseServerName(serverNameText);
        var priority = SrvRecord.ParseField(parse.GetValue(Priority)!, "priority", "--priority");
        var weight = SrvRecord.ParseField(parse.GetValue(Weight)!, "weight", "--weight");
        var targets = parse.GetValue(Targets) ?? [];
        if (targets.Length == 0)
        {
            throw new InvalidInputException("--target is required: where federation really lives, e.g. --target matrix.example.com:8448.");
        }

        var records = targets.Select(t => SrvTargetSpec.Parse(t, priority, weight)).ToList();
        var ttlText = parse.GetValue(Ttl)!;
        if (!uint.TryParse(ttlText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ttl))
        {
            throw new InvalidInputException($"--ttl '{ttlText}' is not a whole number of seconds (0 to {DelegationRequest.MaxTtl}).");
        }

        var services = MatrixServicesNames.Parse(parse.GetValue(Services)!, "--services");
        var kind = parse.GetValue(ConfigKind);
        foreach (var path in parse.GetValue(Config) ?? [])
        {
            OutputPaths.ThrowIfDirectory(path, "--config", "the config file inside it, e.g. homeserver.yaml");
        }

        return new PlanRequest(new DelegationRequest(serverName, records, ttl, services))
        {
            ConfigFiles = [.. (parse.GetValue(Config) ?? []).Select(p => new ConfigFileRequest(p, kind) { NginxPrefix = parse.GetValue(NginxPrefix) })],
            CertificateFile = parse.GetValue(CertFile),
            CheckLive = parse.GetValue(CheckLive),
        };
    }

    /// <summary>
    /// Every file this run may read (configs, PEM files, and any provider option's value such as
    /// --zone-file or a key file): an output such as --out must never replace one of them.
    /// </summary>
    public IReadOnlyList<string> InputPaths(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var paths = new List<string>(parse.GetValue(Config) ?? []);
        paths.AddRange(new[] { parse.GetValue(CertFile), parse.GetValue(CaFile) }.OfType<string>());
        paths.AddRange(ProviderOptions.Select(p => p.Option).OfType<Option<string>>().Select(o => parse.GetValue(o)).OfType<string>().Where(v => v.Length > 0));
        return paths;
    }

    /// <summary>A fleet file names its domains and providers; the one-domain options would be ignored, so they are refused.</summary>
    public void RefuseSingleDomainOptions(ParseResult parse, string because)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var given = new Option[] { ServerName, Targets, Config, CertFile }
            .Concat(ProviderOptions.Select(p => p.Option))
            .Append(Provider)
            .Where(o => parse.GetResult(o) is { Implicit: false })
            .Select(o => o.Name)
            .Distinct()
            .ToList();
        if (given.Count > 0)
        {
            throw new InvalidInputException($"{string.Join(", ", given)} cannot be combined with {because}: the fleet file names the domains and their providers.");
        }
    }

    public PlanCheckOptions GetCheckOptions(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var connectTo = parse.GetValue(ConnectTo) ?? [];
        var caFile = parse.GetValue(CaFile);
        var dnsServer = parse.GetValue(DnsServer);

        // Checked now, even when no check uses them in this run: a typo must not wait for the run that does.
        foreach (var rule in connectTo)
        {
            ConnectToRule.Parse(rule);
        }

        if (caFile is not null)
        {
            OutputPaths.ThrowIfDirectory(caFile, "--ca-file", "a PEM file of CA certificates");
        }

        if (dnsServer is not null)
        {
            DnsServerAddress.Parse(dnsServer);
        }

        return new(DurationParser.Parse(parse.GetValue(Timeout)!, "--timeout"))
        {
            ConnectTo = connectTo,
            CaFile = caFile,
            DnsServer = dnsServer,
        };
    }

    /// <summary>The chosen provider's factory and the settings the user gave it.</summary>
    public ProviderChoice GetProvider(ParseResult parse)
    {
        var factory = ProviderCatalog.Find(parse.GetValue(Provider)!);
        foreach (var (other, spec, option) in ProviderOptions)
        {
            var given = parse.GetResult(option) is { Implicit: false };
            if (given && !factory.Options.Any(o => o.Name == spec.Name))
            {
                throw new InvalidInputException($"{spec.Name} belongs to provider '{other.Name}', not '{factory.Name}': add --provider {other.Name} or drop it.");
            }
        }

        return Choose(factory, GivenValues(parse, factory), null);
    }

    /// <summary>
    /// The provider of a saved plan: its stored settings, overridden by any of the provider's
    /// options given now (a key file moved), with secrets read again from their places.
    /// </summary>
    public ProviderChoice GetProvider(ParseResult parse, ProviderReference saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var factory = ProviderCatalog.Find(saved.Name);
        return Choose(factory, GivenValues(parse, factory), saved);
    }

    private static ProviderChoice Choose(IDnsProviderFactory factory, Dictionary<string, string> given, ProviderReference? saved)
    {
        var values = new Dictionary<string, string>(saved?.Settings ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (k, v) in given.Where(kv => kv.Value.Length > 0))
        {
            values[k] = v;
        }

        return new ProviderChoice(factory, ProviderSettingsBuilder.Build(factory, values), ProviderSettingsBuilder.ToReference(factory, values));
    }

    private Dictionary<string, string> GivenValues(ParseResult parse, IDnsProviderFactory factory)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (owner, spec, option) in ProviderOptions.Where(p => p.Factory == factory))
        {
            var value = option is Option<bool> flag
                ? (parse.GetValue(flag) ? "true" : null)
                : parse.GetValue((Option<string>)option);
            values[spec.Name] = value ?? string.Empty;
        }

        return values;
    }

    private static Option CreateOption(ProviderOption spec) => spec.IsFlag
        ? new Option<bool>(spec.Name) { Description = spec.Description }
        : new Option<string>(spec.Name)
        {
            Description = spec.Description + (spec.EnvironmentVariable is null ? string.Empty : $" (env {spec.EnvironmentVariable})"),
            HelpName = spec.ValueName,
        };
}
