using System.Globalization;
using System.Text.RegularExpressions;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.HomeserverConfig.Kinds;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.HomeserverConfig.Traefik;

/// <summary>
/// Traefik routers that send <c>/.well-known/matrix/server</c> for the server name somewhere:
/// a <c>rule</c> in a dynamic configuration file (YAML <c>rule: …</c>, TOML <c>rule = …</c>) or a
/// container label (<c>traefik.http.routers.NAME.rule=…</c>) whose <c>Host(…)</c> names the
/// server name (or that has no Host matcher) and whose <c>Path(…)</c>/<c>PathPrefix(…)</c> covers
/// the path (https://doc.traefik.io/traefik/routing/routers/#rule). Findings only: srvprov does
/// not edit Traefik configuration (the router, its service and middlewares decide together);
/// each finding names the file and line and what to change.
/// </summary>
internal static partial class TraefikRules
{
    private const int MaxRuleLength = 4096;

    public static KindPlan Plan(ConfigFileText file, DnsName serverName)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(serverName);
        var host = serverName.Value;
        var findings = new List<Finding>();
        var lines = file.Text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = RuleLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var rule = match.Groups["rule"].Value.Trim().Trim('"', '\'').Trim();
            if (rule.Length == 0 || rule.Length > MaxRuleLength)
            {
                continue;
            }

            var hosts = Matchers(rule, "Host");
            var paths = Matchers(rule, "Path");
            var prefixes = Matchers(rule, "PathPrefix");
            var hostCovered = hosts.Count == 0 ? !rule.Contains("HostRegexp", StringComparison.Ordinal) && !rule.Contains("HostSNI", StringComparison.Ordinal) : hosts.Any(h => string.Equals(h.TrimEnd('.'), host, StringComparison.OrdinalIgnoreCase));
            var pathCovered = paths.Contains(ProxyWellKnown.ServerUri) || prefixes.Any(p => ProxyWellKnown.ServerUri.StartsWith(p, StringComparison.Ordinal));
            if (!hostCovered || !pathCovered || (hosts.Count == 0 && paths.Count == 0 && prefixes.Count == 0))
            {
                continue;
            }

            var router = match.Groups["router"].Success ? $"router {match.Groups["router"].Value}" : "a router";
            var caveat = rule.Contains("||", StringComparison.Ordinal) || rule.Contains('!', StringComparison.Ordinal) || rule.Contains("Regexp", StringComparison.Ordinal)
                ? " (the rule has alternatives, negations or regexes: check which requests it takes)"
                : string.Empty;
            var where = $"{file.Path}:{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            findings.Add(new Finding(
                Severity.Warning,
                ConfigFindingCodes.ProxyTraefikRouter,
                $"{where}: Traefik {router} with rule {rule} routes {ProxyWellKnown.ServerUri} for {host} to its service{caveat}; a served file there takes precedence over the SRV records. srvprov does not edit Traefik configuration: narrow the rule to Path(`/.well-known/matrix/client`) or switch the file off in the service behind it (the playbook: matrix_static_files_file_matrix_server_enabled: false), then check with --check-live."));
        }

        return new KindPlan([], [], findings);
    }

    /// <summary>The backquoted or quoted arguments of every <c>Name(…)</c> matcher in the rule.</summary>
    private static List<string> Matchers(string rule, string name)
    {
        var values = new List<string>();
        foreach (Match call in Matcher().Matches(rule))
        {
            if (call.Groups["name"].Value != name)
            {
                continue;
            }

            foreach (Match argument in Argument().Matches(call.Groups["args"].Value))
            {
                values.Add(argument.Groups[1].Value);
            }
        }

        return values;
    }

    [GeneratedRegex(@"(?:traefik\.http\.routers\.(?<router>[A-Za-z0-9_-]+)\.rule\s*[=:]\s*|^\s*""?rule""?\s*[:=]\s*)(?<rule>.+)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RuleLine();

    [GeneratedRegex(@"(?<name>[A-Za-z]+)\((?<args>[^()]*)\)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Matcher();

    [GeneratedRegex(@"[`""']([^`""']*)[`""']", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Argument();
}
