using System.Globalization;
using System.Text.RegularExpressions;
using SrvProvisioner.Core.HomeserverConfig.Proxies;

namespace SrvProvisioner.Core.HomeserverConfig.Apache;

/// <summary>
/// What an Apache virtual host answers for a URL path, in the order httpd maps a request to a
/// resource (https://httpd.apache.org/docs/2.4/sections.html#merging and the modules'
/// translate_name hooks): mod_rewrite rules first, then mod_proxy's <c>ProxyPass</c> (a
/// matching <c>&lt;Location&gt;</c>'s before the host's), then mod_alias's <c>Redirect*</c>;
/// then a <c>Redirect</c> or <c>SetHandler</c> in a matching <c>&lt;Location&gt;</c> (they act
/// after translation, over any mapped file); then <c>Alias</c>, a <c>Require all denied</c>
/// location, the <c>DocumentRoot</c>. A <c>&lt;Location&gt;</c> with only <c>Header</c> lines
/// decorates what the Alias serves and decides nothing. Rewrites, regex aliases, <c>&lt;If&gt;</c>,
/// <c>ErrorDocument</c> and includes in a location are "unsure": srvprov never guesses them.
/// </summary>
internal static class ApacheServingAnalyzer
{
    private static readonly TimeSpan RegexLimit = TimeSpan.FromMilliseconds(200);

    public static ApacheServing Analyze(IReadOnlyList<ApacheDirective> host, IReadOnlyList<ApacheDirective> server, string path)
    {
        var rewriting = Effective(host, server, "RewriteEngine") is { Args: [var on] } && on.Equals("on", StringComparison.OrdinalIgnoreCase);
        foreach (var rule in rewriting ? host.Where(d => d.Is("RewriteRule")) : [])
        {
            if (rule.Args.Count > 0 && RegexMatches(rule.Args[0], path) != false)
            {
                return new ApacheServing(ProxyOutcome.Unsure, rule, $"{rule.Text} rewrites it");
            }
        }

        foreach (var section in host.Where(d => d.IsSection && (d.Is("If") || d.Is("ElseIf") || d.Is("Else"))))
        {
            return new ApacheServing(ProxyOutcome.Unsure, section, $"<{section.Name}> decides per request");
        }

        var locations = Locations(host, path).ToList();

        // mod_proxy's translate_name tries a ProxyPass of the matching <Location> first (its
        // per-directory alias from the early location walk), then the server's ProxyPass list.
        foreach (var location in locations)
        {
            if (location.Children!.FirstOrDefault(c => c.Is("ProxyPass") && c.Args.Count >= 1) is { } proxy)
            {
                if (proxy.Args[0] == "!")
                {
                    break;
                }

                return new ApacheServing(ProxyOutcome.Forwarded, proxy, proxy.Text);
            }
        }

        var excluded = locations.Any(l => l.Children!.Any(c => c.Is("ProxyPass") && c.Args is ["!", ..]));
        foreach (var proxy in excluded ? [] : host.Where(d => d.Is("ProxyPass") || d.Is("ProxyPassMatch")))
        {
            if (proxy.Args.Count < 2 || proxy.HasVariable)
            {
                continue;
            }

            var matches = proxy.Is("ProxyPass") ? PrefixMatches(proxy.Args[0], path) : RegexMatches(proxy.Args[0], path) != false;
            if (matches)
            {
                if (proxy.Args[1] == "!")
                {
                    break;
                }

                return new ApacheServing(ProxyOutcome.Forwarded, proxy, proxy.Text);
            }
        }

        // A Redirect or handler in a matching <Location> answers instead of whatever file an Alias
        // maps, and real httpd 2.4 lets a location's Redirect win over the host's RedirectMatch 404.
        foreach (var location in locations)
        {
            if (location.Children!.FirstOrDefault(c => c.Is("Redirect") || c.Is("RedirectPermanent") || c.Is("RedirectTemp")) is { } redirect)
            {
                return LocationRedirect(location, redirect);
            }

            if (location.Children!.FirstOrDefault(c => c.Is("SetHandler") && c.Args is [var handler] && !handler.Equals("none", StringComparison.OrdinalIgnoreCase) && !c.HasVariable) is { } set)
            {
                return new ApacheServing(ProxyOutcome.Served, location, $"{set.Text} in {location.Text}");
            }

            if (location.Children!.FirstOrDefault(c => c.Is("SetHandler") || c.Is("RedirectMatch") || c.Is("RewriteRule") || c.Is("ErrorDocument") || c.Is("Include") || c.Is("IncludeOptional") || (c.IsSection && (c.Is("If") || c.Is("ElseIf") || c.Is("Else")))) is { } unsure)
            {
                return new ApacheServing(ProxyOutcome.Unsure, unsure, $"{unsure.Text} in {location.Text}");
            }
        }

        // Aliases and redirects of the main server apply to every virtual host after its own.
        var directives = new List<ApacheDirective>([.. host, .. server.Where(d => !d.IsSection)]);
        var redirected = Redirects(directives, path);
        if (redirected is not null)
        {
            return redirected;
        }

        var mapped = Aliases(directives, path);
        if (mapped is not null)
        {
            return mapped;
        }

        foreach (var location in locations)
        {
            if (location.Children!.Any(c => c.Is("Require") && c.Args is [var all, var denied] && all.Equals("all", StringComparison.OrdinalIgnoreCase) && denied.Equals("denied", StringComparison.OrdinalIgnoreCase)))
            {
                return new ApacheServing(ProxyOutcome.NotFound, location, "Require all denied");
            }
        }

        return Root(host, server, path);
    }

    /// <summary>
    /// A Redirect in a &lt;Location&gt;: <c>Redirect [status] URL</c>, the path being the
    /// section's (https://httpd.apache.org/docs/2.4/mod/mod_alias.html#redirect, since 2.4.19).
    /// The section is the source: it is what an edit comments out.
    /// </summary>
    private static ApacheServing LocationRedirect(ApacheDirective location, ApacheDirective redirect)
    {
        var args = redirect.Args.ToList();
        var status = redirect.Is("RedirectPermanent") ? "301" : "302";
        if (args.Count > 0 && (IsStatus(args[0]) || args[0] is "permanent" or "temp" or "seeother" or "gone"))
        {
            status = args[0] switch { "permanent" => "301", "temp" => "302", "seeother" => "303", "gone" => "410", var s => s };
            args.RemoveAt(0);
        }

        if (redirect.HasVariable || args.Count > 1)
        {
            return new ApacheServing(ProxyOutcome.Unsure, redirect, $"{redirect.Text} in {location.Text} (a form srvprov does not read)");
        }

        var code = int.Parse(status, NumberStyles.None, CultureInfo.InvariantCulture);
        return code is >= 300 and < 400
            ? new ApacheServing(ProxyOutcome.Served, location, $"{redirect.Name} {status} to {args.ElementAtOrDefault(0)} in {location.Text}")
            : new ApacheServing(ProxyOutcome.NotFound, location, $"{redirect.Name} {status} in {location.Text}");
    }

    /// <summary>mod_alias's translate_name: the first matching Redirect* (in order).</summary>
    private static ApacheServing? Redirects(IReadOnlyList<ApacheDirective> host, string path)
    {
        foreach (var redirect in host.Where(d => d.Is("Redirect") || d.Is("RedirectMatch") || d.Is("RedirectPermanent") || d.Is("RedirectTemp")))
        {
            var args = redirect.Args.ToList();
            var status = redirect.Is("RedirectPermanent") ? "301" : redirect.Is("RedirectTemp") ? "302" : "302";
            if (args.Count > 0 && (IsStatus(args[0]) || args[0] is "permanent" or "temp" or "seeother" or "gone"))
            {
                status = args[0] switch { "permanent" => "301", "temp" => "302", "seeother" => "303", "gone" => "410", var s => s };
                args.RemoveAt(0);
            }

            if (args.Count == 0 || redirect.HasVariable)
            {
                continue;
            }

            var matches = redirect.Is("RedirectMatch") ? RegexMatches(args[0], path) : PrefixMatches(args[0], path);
            if (matches == false)
            {
                continue;
            }

            if (matches is null)
            {
                return new ApacheServing(ProxyOutcome.Unsure, redirect, $"{redirect.Text} (a pattern srvprov cannot evaluate)");
            }

            var code = int.Parse(status, NumberStyles.None, CultureInfo.InvariantCulture);
            return code is >= 300 and < 400
                ? new ApacheServing(ProxyOutcome.Served, redirect, $"{redirect.Name} {status} to {args.ElementAtOrDefault(1)}")
                : new ApacheServing(ProxyOutcome.NotFound, redirect, $"{redirect.Name} {status}");
        }

        return null;
    }

    /// <summary>mod_alias's translate_name after the redirects: the first matching Alias.</summary>
    private static ApacheServing? Aliases(IReadOnlyList<ApacheDirective> host, string path)
    {
        foreach (var alias in host.Where(d => d.Is("Alias") || d.Is("AliasMatch") || d.Is("ScriptAlias") || d.Is("ScriptAliasMatch")))
        {
            if (alias.Args.Count < 2 || alias.HasVariable)
            {
                continue;
            }

            if (alias.Name.EndsWith("Match", StringComparison.OrdinalIgnoreCase))
            {
                if (RegexMatches(alias.Args[0], path) != false)
                {
                    return new ApacheServing(ProxyOutcome.Unsure, alias, $"{alias.Text} (a regex alias)");
                }

                continue;
            }

            if (PrefixMatches(alias.Args[0], path))
            {
                if (alias.Is("ScriptAlias"))
                {
                    return new ApacheServing(ProxyOutcome.Unsure, alias, $"{alias.Text} (a CGI script)");
                }

                var rest = path[alias.Args[0].TrimEnd('/').Length..].TrimStart('/');
                var file = rest.Length == 0 ? alias.Args[1] : Path.Combine(alias.Args[1], rest);
                return System.IO.File.Exists(file)
                    ? new ApacheServing(ProxyOutcome.Served, alias, $"Alias to {file}")
                    : new ApacheServing(ProxyOutcome.NotFound, alias, $"Alias (no file {file})");
            }
        }

        return null;
    }

    private static ApacheServing Root(IReadOnlyList<ApacheDirective> host, IReadOnlyList<ApacheDirective> server, string path)
    {
        var root = host.LastOrDefault(d => d.Is("DocumentRoot")) ?? server.LastOrDefault(d => d.Is("DocumentRoot"));
        if (root is null || root.Args.Count != 1 || root.HasVariable)
        {
            return new ApacheServing(ProxyOutcome.Unsure, root, "a DocumentRoot srvprov cannot tell");
        }

        var file = Path.Combine(root.Args[0], path.TrimStart('/'));
        return System.IO.File.Exists(file)
            ? new ApacheServing(ProxyOutcome.Served, root, $"the file {file} under DocumentRoot")
            : new ApacheServing(ProxyOutcome.NotFound, root, $"DocumentRoot (no file {file})");
    }

    /// <summary>Matching &lt;Location&gt;/&lt;LocationMatch&gt; sections, in order.</summary>
    private static IEnumerable<ApacheDirective> Locations(IReadOnlyList<ApacheDirective> host, string path)
    {
        foreach (var section in host.Where(d => d.IsSection && (d.Is("Location") || d.Is("LocationMatch"))))
        {
            if (section.Args.Count != 1)
            {
                continue;
            }

            var matches = section.Is("LocationMatch") ? RegexMatches(section.Args[0], path) != false : PrefixMatches(section.Args[0], path);
            if (matches)
            {
                yield return section;
            }
        }
    }

    private static ApacheDirective? Effective(IReadOnlyList<ApacheDirective> host, IReadOnlyList<ApacheDirective> server, string name) =>
        host.LastOrDefault(d => d.Is(name)) ?? server.LastOrDefault(d => d.Is(name));

    /// <summary>mod_alias's alias_matches: the URL path starts with the prefix and ends there or at a slash (repeated slashes equal one).</summary>
    public static bool PrefixMatches(string prefix, string path)
    {
        if (prefix == "/")
        {
            return true;
        }

        var trimmed = prefix.TrimEnd('/');
        return path == trimmed || path.StartsWith(trimmed + "/", StringComparison.Ordinal) || (prefix.EndsWith('/') && path.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>A PCRE pattern tried with .NET's engine (time-limited); null when it cannot be read or runs too long.</summary>
    private static bool? RegexMatches(string pattern, string path)
    {
        var negate = pattern.StartsWith('!');
        try
        {
            var matches = Regex.IsMatch(path, negate ? pattern[1..] : pattern, RegexOptions.CultureInvariant, RegexLimit);
            return matches != negate;
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static bool IsStatus(string text) => text.Length == 3 && text.All(char.IsAsciiDigit);
}
