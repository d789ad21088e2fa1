using System.Globalization;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SrvProvisioner.Core.Fleet;

/// <summary>
/// Reads a fleet file (YAML) and checks it completely before anything runs: every error
/// names the file, line and column, and the keys that would have been right.
/// Schema: <c>docs/fleet.md</c>.
/// </summary>
public static class FleetFileParser
{
    private static readonly string[] TopKeys = ["version", "defaults", "providers", "domains"];
    private static readonly string[] DefaultKeys = ["provider", "ttl", "services", "priority", "weight", "config-kind"];
    private static readonly string[] ProviderKeys = ["type", "options"];
    private static readonly string[] DomainKeys = ["server-name", "targets", "provider", "ttl", "services", "priority", "weight", "config", "config-kind", "expect-target"];

    public static FleetFile Parse(string text, string path, IReadOnlyList<IDnsProviderFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        var stream = new YamlStream();
        try
        {
            IO.YamlNesting.Check(text);
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new InvalidInputException($"{path}:{ex.Start.Line}:{ex.Start.Column}: {ex.Message}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidInputException($"{path} is not valid YAML (it ends inside a mapping or sequence); fix it and run again.", ex);
        }
        catch (ArgumentException ex)
        {
            // YamlDotNet's representation model throws this ("unsupported type" event) on some malformed
            // input the parser let through (found by the parser fuzz test); it is invalid YAML all the same.
            throw new InvalidInputException($"{path} is not valid YAML ({ex.Message.Split(" (Parameter", 2)[0]}); fix it and run again.", ex);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidInputException($"{path}: a fleet file is one YAML mapping with 'providers' and 'domains' (see docs/fleet.md).");
        }

        var ctx = new Context(path);
        ctx.CheckKeys(root, TopKeys);
        if (ctx.Optional(root, "version") is { } version && ctx.Scalar(version) != "1")
        {
            throw ctx.Error(version, "only version 1 is known.");
        }

        var defaults = ctx.Optional(root, "defaults") is { } d ? ctx.Mapping(d) : null;
        if (defaults is not null)
        {
            ctx.CheckKeys(defaults, DefaultKeys);
        }

        // Every provider block and every domain is checked, and all their errors are reported
        // at once (up to MaxReportedErrors), so a file with several mistakes takes one round.
        var errors = new List<string>();
        var providers = ParseProviders(ctx, ctx.Mapping(ctx.Required(root, "providers")), factories, errors);
        var domainsNode = ctx.Required(root, "domains") as YamlSequenceNode ?? throw ctx.Error(ctx.Required(root, "domains"), "'domains' must be a list.");
        var domains = new List<FleetDomain>();
        var seen = new Dictionary<DnsName, string>();
        foreach (var node in domainsNode)
        {
            try
            {
                var domain = ParseDomain(ctx, ctx.Mapping(node), defaults, providers);
                if (seen.TryGetValue(domain.Delegation.ServerName, out var first))
                {
                    throw ctx.Error(node, $"{domain.Delegation.ServerName.Value} is listed twice (first at {first}).");
                }

                seen[domain.Delegation.ServerName] = domain.Location;
                domains.Add(domain);
            }
            catch (InvalidInputException ex)
            {
                errors.Add(ex.Message);
            }
        }

        if (domains.Count == 0 && errors.Count == 0)
        {
            throw ctx.Error(domainsNode, "'domains' is empty.");
        }

        if (errors.Count > 0)
        {
            throw AllErrors(path, errors);
        }

        return new FleetFile(path, providers, domains);
    }

    /// <summary>How many errors of one fleet file are listed; the rest are counted.</summary>
    public const int MaxReportedErrors = 20;

    private static InvalidInputException AllErrors(string path, List<string> errors)
    {
        if (errors.Count == 1)
        {
            return new InvalidInputException(errors[0]);
        }

        var lines = errors.Take(MaxReportedErrors).Select(e => "  " + e).ToList();
        if (errors.Count > MaxReportedErrors)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  ... and {errors.Count - MaxReportedErrors} more."));
        }

        return new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{path}: {errors.Count} errors; nothing was run:\n") + string.Join("\n", lines));
    }

    private static List<FleetProviderBlock> ParseProviders(Context ctx, YamlMappingNode node, IReadOnlyList<IDnsProviderFactory> factories, List<string> errors)
    {
        var blocks = new List<FleetProviderBlock>();
        foreach (var (keyNode, valueNode) in node.Children)
        {
            try
            {
                blocks.Add(ParseProvider(ctx, keyNode, valueNode, factories));
            }
            catch (InvalidInputException ex)
            {
                // The block is still known by name, so its domains are not reported as naming a missing provider.
                errors.Add(ex.Message);
                blocks.Add(new FleetProviderBlock(ctx.Scalar(keyNode), string.Empty, new Dictionary<string, FleetValue>(StringComparer.Ordinal), ctx.Where(keyNode)));
            }
        }

        if (blocks.Count == 0)
        {
            throw ctx.Error(node, "'providers' is empty: name at least one provider account.");
        }

        return blocks;
    }

    private static FleetProviderBlock ParseProvider(Context ctx, YamlNode keyNode, YamlNode valueNode, IReadOnlyList<IDnsProviderFactory> factories)
    {
        var name = ctx.Scalar(keyNode);
        var block = ctx.Mapping(valueNode);
        ctx.CheckKeys(block, ProviderKeys);
        var typeNode = ctx.Required(block, "type");
        var type = ctx.Scalar(typeNode);
        var factory = factories.FirstOrDefault(f => f.Name == type)
            ?? throw ctx.Error(typeNode, $"unknown provider type '{type}'; known: {string.Join(", ", factories.Select(f => f.Name))}.");
        var options = new Dictionary<string, FleetValue>(StringComparer.Ordinal);
        if (ctx.Optional(block, "options") is { } optionsNode)
        {
            foreach (var (optionKey, optionValue) in ctx.Mapping(optionsNode).Children)
            {
                var optionName = ctx.Scalar(optionKey);
                var spec = factory.Options.FirstOrDefault(o => o.Name == "--" + optionName)
                    ?? throw ctx.Error(optionKey, $"provider '{type}' has no option '{optionName}'; it has: {string.Join(", ", factory.Options.Select(o => o.Name[2..]))}.");
                var value = ParseValue(ctx, optionValue);
                if (spec.IsSecret && value.Literal is not null)
                {
                    throw ctx.Error(optionValue, $"'{optionName}' is a secret: give it as {{ env: NAME }} or {{ file: PATH }}, never inline.");
                }

                options["--" + optionName] = value;
            }
        }

        return new FleetProviderBlock(name, type, options, ctx.Where(keyNode));
    }

    private static FleetValue ParseValue(Context ctx, YamlNode node)
    {
        if (node is YamlMappingNode reference)
        {
            ctx.CheckKeys(reference, ["env", "file"]);
            if (reference.Children.Count != 1)
            {
                throw ctx.Error(node, "a reference is either { env: NAME } or { file: PATH }.");
            }

            var (k, v) = reference.Children.First();
            return ctx.Scalar(k) == "env"
                ? new FleetValue(null, ctx.Scalar(v), null, ctx.Where(node))
                : new FleetValue(null, null, ctx.Scalar(v), ctx.Where(node));
        }

        return new FleetValue(ctx.Scalar(node), null, null, ctx.Where(node));
    }

    private static FleetDomain ParseDomain(Context ctx, YamlMappingNode node, YamlMappingNode? defaults, List<FleetProviderBlock> providers)
    {
        ctx.CheckKeys(node, DomainKeys);
        YamlNode? Setting(string key) => ctx.Optional(node, key) ?? (defaults is null ? null : ctx.Optional(defaults, key));

        try
        {
            var serverNameNode = ctx.Required(node, "server-name");
            var serverName = ctx.Wrap(serverNameNode, () => DnsName.ParseServerName(ctx.Scalar(serverNameNode)));
            var priority = Setting("priority") is { } p ? ctx.Wrap(p, () => SrvRecord.ParseField(ctx.Scalar(p), "priority", "priority")) : (ushort)10;
            var weight = Setting("weight") is { } w ? ctx.Wrap(w, () => SrvRecord.ParseField(ctx.Scalar(w), "weight", "weight")) : (ushort)0;
            var targetsNode = ctx.Required(node, "targets");
            var targetNodes = targetsNode is YamlSequenceNode seq ? seq.Children.ToList() : [targetsNode];
            var records = targetNodes.Select(t => ctx.Wrap(t, () => SrvTargetSpec.Parse(ctx.Scalar(t), priority, weight))).ToList();
            var ttl = Setting("ttl") is { } ttlNode
                ? ctx.Wrap(ttlNode, () => uint.TryParse(ctx.Scalar(ttlNode), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : throw new InvalidInputException("ttl must be a whole number of seconds."))
                : DelegationRequest.DefaultTtl;
            var services = Setting("services") is { } s
                ? ctx.Wrap(s, () => MatrixServicesNames.Parse(ctx.Scalar(s), "services"))
                : MatrixServices.Both;
            var providerNode = Setting("provider");
            var provider = providerNode is null
                ? (providers.Count == 1 ? providers[0].Name : throw ctx.Error(node, "no 'provider' here nor in 'defaults', and there are several providers."))
                : ctx.Scalar(providerNode);
            if (providers.All(b => b.Name != provider))
            {
                throw ctx.Error(providerNode!, $"no provider named '{provider}' in 'providers' ({string.Join(", ", providers.Select(b => b.Name))}).");
            }

            var kind = Setting("config-kind") is { } k ? ctx.Scalar(k) : null;
            var config = ctx.Optional(node, "config") switch
            {
                null => [],
                YamlSequenceNode list => list.Children.Select(c => new ConfigFileRequest(ctx.Scalar(c), kind)).ToList(),
                var single => [new ConfigFileRequest(ctx.Scalar(single), kind)],
            };

            var delegation = ctx.Wrap(node, () => new DelegationRequest(serverName, records, ttl, services));
            return new FleetDomain(delegation, provider, ctx.Where(node))
            {
                ConfigFiles = config,
                ExpectTarget = ctx.Optional(node, "expect-target") is { } e ? ctx.Scalar(e) : null,
            };
        }
        catch (InvalidInputException ex) when (!ex.Message.StartsWith(ctx.Path, StringComparison.Ordinal))
        {
            throw ctx.Error(node, ex.Message);
        }
    }

    private sealed class Context(string path)
    {
        public string Path { get; } = path;

        public string Where(YamlNode node) => $"{Path}:{node.Start.Line}:{node.Start.Column}";

        public InvalidInputException Error(YamlNode node, string message) => new($"{Where(node)}: {message}");

        public T Wrap<T>(YamlNode node, Func<T> parse)
        {
            try
            {
                return parse();
            }
            catch (InvalidInputException ex) when (!ex.Message.StartsWith(Path, StringComparison.Ordinal))
            {
                throw new InvalidInputException($"{Where(node)}: {ex.Message}", ex);
            }
        }

        public string Scalar(YamlNode node) => node is YamlScalarNode { Value: { } v }
            ? v
            : throw Error(node, "expected a single value here.");

        public YamlMappingNode Mapping(YamlNode node) => node as YamlMappingNode ?? throw Error(node, "expected a mapping (key: value lines) here.");

        public YamlNode? Optional(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

        public YamlNode Required(YamlMappingNode map, string key) =>
            Optional(map, key) ?? throw Error(map, $"'{key}' is missing.");

        public void CheckKeys(YamlMappingNode map, IReadOnlyList<string> allowed)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = Scalar(key);
                if (!allowed.Contains(name))
                {
                    throw Error(key, $"unknown key '{name}'; expected one of: {string.Join(", ", allowed)}.");
                }
            }
        }
    }
}
