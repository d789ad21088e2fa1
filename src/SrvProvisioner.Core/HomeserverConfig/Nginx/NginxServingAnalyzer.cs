using System.Globalization;

namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// Follows a request for one URI through a server block the way nginx's phases do: the
/// server's rewrite directives (<c>return</c>, <c>rewrite</c>, <c>if</c>), location
/// selection, the location's rewrite directives, then content: <c>*_pass</c>,
/// <c>try_files</c>, or the static file under <c>alias</c>/<c>root</c> (inherited from the
/// enclosing blocks) when it exists. Anything whose outcome depends on the request
/// (variables, <c>if</c>, a matching <c>rewrite</c>, an <c>include</c> inside the location)
/// is <see cref="NginxServingKind.Unsure"/>: reported, never guessed.
/// </summary>
internal static class NginxServingAnalyzer
{
    private const int MaxInternalRedirects = 5;

    private static readonly string[] PassDirectives = ["proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass"];

    public static NginxServing Analyze(NginxNode http, NginxNode server, string uri) => Analyze(http, server, uri, 0);

    private static NginxServing Analyze(NginxNode http, NginxNode server, string uri, int redirects)
    {
        var serverRewrite = RewritePhase(server, uri, serverLevel: true);
        if (serverRewrite is not null)
        {
            return serverRewrite;
        }

        var match = NginxLocationMatcher.Match(server, uri);
        if (match.Unsure is not null)
        {
            return new NginxServing(NginxServingKind.Unsure, match.Unsure, null) { Match = match };
        }

        var location = match.Location;
        if (location is not null)
        {
            var locationRewrite = RewritePhase(location.Node, uri, serverLevel: false);
            if (locationRewrite is not null)
            {
                return locationRewrite with { Match = match };
            }
        }

        return Content(http, server, match, uri, redirects) with { Match = match };
    }

    /// <summary>ngx_http_rewrite_module in one block: null when the request goes on to the next phase.</summary>
    private static NginxServing? RewritePhase(NginxNode block, string uri, bool serverLevel)
    {
        foreach (var directive in block.Children ?? [])
        {
            switch (directive.Name)
            {
                case "break":
                    return null;
                case "return":
                    return Return(directive, serverLevel);
                case "rewrite":
                    var matches = NginxServerSelector.RegexMatches(directive.Directive.Arg(0), uri, caseless: false);
                    if (matches != false)
                    {
                        return new NginxServing(NginxServingKind.Unsure, $"{directive.Where}: rewrite {directive.Directive.Arg(0)} {directive.Directive.Arg(1)} changes the request", directive);
                    }

                    break;
                case "if":
                    var onlyRedirects = serverLevel && (directive.Children ?? []).All(c => c.Name == "return" && ReturnCode(c) >= 300);
                    if (!onlyRedirects)
                    {
                        return new NginxServing(NginxServingKind.Unsure, $"{directive.Where}: an if block decides per request", directive);
                    }

                    break;
            }
        }

        return null;
    }

    private static NginxServing Return(NginxNode directive, bool serverLevel)
    {
        var code = ReturnCode(directive);
        var text = "return " + string.Join(' ', directive.Directive.Args.Select(a => a.Value));
        return code switch
        {
            >= 200 and < 300 => new NginxServing(NginxServingKind.Served, text, directive),
            >= 300 and < 400 when serverLevel => new NginxServing(NginxServingKind.NotServed, text + " (every request is redirected)", directive),
            >= 300 and < 400 => new NginxServing(NginxServingKind.Served, text + " (a redirect, which homeservers follow)", directive),
            _ => new NginxServing(NginxServingKind.NotServed, text, directive),
        };
    }

    /// <summary><c>return URL</c> is a 302; <c>return code [text|URL]</c> otherwise.</summary>
    internal static int ReturnCode(NginxNode directive)
    {
        var first = directive.Directive.Arg(0);
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 302;
    }

    private static NginxServing Content(NginxNode http, NginxNode server, NginxMatch match, string uri, int redirects)
    {
        var location = match.Location;
        var block = location?.Node ?? server;
        if (location is not null)
        {
            if (block.Named("internal").Any())
            {
                return new NginxServing(NginxServingKind.NotServed, "internal location (404 for requests from outside)", block.Last("internal"));
            }

            var firstAccess = (block.Children ?? []).FirstOrDefault(c => c.Name is "allow" or "deny");
            if (firstAccess is { Name: "deny" } && firstAccess.Directive.Arg(0) == "all")
            {
                return new NginxServing(NginxServingKind.NotServed, "deny all (403)", firstAccess);
            }

            if (match.Chain.Append(location).Any(l => l.Node.HasInclude))
            {
                return new NginxServing(NginxServingKind.Unsure, $"{location.Node.Where}: location {location.Text} includes other files", location.Node);
            }
        }

        var pass = (block.Children ?? []).LastOrDefault(c => PassDirectives.Contains(c.Name));
        if (pass is not null)
        {
            var text = $"{pass.Name} {pass.Directive.Arg(0)}";
            return IsDedicated(location)
                ? new NginxServing(NginxServingKind.Served, text, pass)
                : new NginxServing(NginxServingKind.Forwarded, text, pass);
        }

        var tryFiles = block.Last("try_files");
        if (tryFiles is not null)
        {
            return TryFiles(http, server, match, tryFiles, uri, redirects);
        }

        var (path, source, problem) = FilePath(http, server, match, uri);
        if (problem is not null)
        {
            return new NginxServing(NginxServingKind.Unsure, problem, source);
        }

        return StaticFile(path!, source);
    }

    private static NginxServing TryFiles(NginxNode http, NginxNode server, NginxMatch match, NginxNode tryFiles, string uri, int redirects)
    {
        var args = tryFiles.Directive.Args.Select(a => a.Value).ToList();
        if (match.Location is { } location && location.Node.Last("alias") is not null)
        {
            return new NginxServing(NginxServingKind.Unsure, $"{tryFiles.Where}: try_files with alias in location {location.Text}", tryFiles);
        }

        foreach (var candidate in args.Take(args.Count - 1))
        {
            var expanded = candidate.Replace("$uri", uri, StringComparison.Ordinal);
            if (expanded.Contains('$', StringComparison.Ordinal))
            {
                return new NginxServing(NginxServingKind.Unsure, $"{tryFiles.Where}: try_files {candidate} depends on a variable", tryFiles);
            }

            var (path, source, problem) = FilePath(http, server, match, expanded);
            if (problem is not null)
            {
                return new NginxServing(NginxServingKind.Unsure, problem, source);
            }

            var served = StaticFile(path!, tryFiles);
            if (served.Kind == NginxServingKind.Served)
            {
                return served with { What = $"try_files {candidate}: {served.What}" };
            }
        }

        var last = args.Count == 0 ? string.Empty : args[^1];
        if (last.StartsWith('='))
        {
            var code = int.TryParse(last[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
            var kind = code is >= 200 and < 300 ? NginxServingKind.Served : NginxServingKind.NotServed;
            return new NginxServing(kind, $"try_files ... {last}", tryFiles);
        }

        if (last.StartsWith('@'))
        {
            var named = NginxLocationMatcher.Locations(server).FirstOrDefault(l => l.Pattern == last);
            if (named is null)
            {
                return new NginxServing(NginxServingKind.Unsure, $"{tryFiles.Where}: named location {last} is not in this server block", tryFiles);
            }

            var namedMatch = new NginxMatch(named, [], null);
            return RewritePhase(named.Node, uri, serverLevel: false) ?? Content(http, server, namedMatch, uri, redirects);
        }

        var target = last.Split('?')[0].Replace("$uri", uri, StringComparison.Ordinal);
        if (target.Contains('$', StringComparison.Ordinal))
        {
            return new NginxServing(NginxServingKind.Unsure, $"{tryFiles.Where}: try_files falls back to {last}, which depends on a variable", tryFiles);
        }

        if (target == uri || redirects >= MaxInternalRedirects)
        {
            return new NginxServing(NginxServingKind.Unsure, $"{tryFiles.Where}: try_files falls back to {last} in a loop", tryFiles);
        }

        var fallback = Analyze(http, server, target, redirects + 1);
        return fallback.Kind == NginxServingKind.Served
            ? new NginxServing(NginxServingKind.NotServed, $"try_files falls back to {target} ({fallback.What}), not a well-known answer", tryFiles)
            : fallback;
    }

    /// <summary>The file a static request maps to: <c>alias</c> of the location, else the nearest <c>root</c>.</summary>
    private static (string? Path, NginxNode? Source, string? Problem) FilePath(NginxNode http, NginxNode server, NginxMatch match, string uri)
    {
        var location = match.Location;
        if (location?.Node.Last("alias") is { } alias)
        {
            var value = alias.Directive.Arg(0);
            if (alias.Directive.Args.Any(a => a.HasVariable))
            {
                return (null, alias, $"{alias.Where}: alias {value} depends on a variable");
            }

            var path = location.Kind switch
            {
                NginxLocationKind.Prefix or NginxLocationKind.PrefixNoRegex => value + uri[Math.Min(location.Pattern.Length, uri.Length)..],
                _ => value,
            };
            return Absolute(path, alias);
        }

        var blocks = new List<NginxNode>();
        if (location is not null)
        {
            blocks.Add(location.Node);
            blocks.AddRange(match.Chain.Reverse().Select(l => l.Node));
        }

        blocks.Add(server);
        blocks.Add(http);
        var root = blocks.Select(b => b.Last("root")).FirstOrDefault(r => r is not null);
        if (root is null)
        {
            // No root anywhere: nginx's default, html under Debian's compiled-in prefix.
            return ("/usr/share/nginx/html" + uri, null, null);
        }

        if (root.Directive.Args.Any(a => a.HasVariable))
        {
            return (null, root, $"{root.Where}: root {root.Directive.Arg(0)} depends on a variable");
        }

        return Absolute(root.Directive.Arg(0).TrimEnd('/') + uri, root);
    }

    private static (string? Path, NginxNode? Source, string? Problem) Absolute(string path, NginxNode source) =>
        path.StartsWith('/')
            ? (path, source, null)
            : (null, source, $"{source.Where}: {source.Name} {source.Directive.Arg(0)} is relative to nginx's compiled-in prefix");

    private static NginxServing StaticFile(string path, NginxNode? source)
    {
        if (IO.FileStatus.OfPath(path, followLinks: true) is { IsRegular: true })
        {
            return new NginxServing(NginxServingKind.Served, $"the file {path}", source);
        }

        return new NginxServing(NginxServingKind.NotServed, $"{path} does not exist", source);
    }

    /// <summary>A location written for the well-known (its path names it): a pass there is meant to serve it.</summary>
    private static bool IsDedicated(NginxLocation? location) =>
        location is not null && location.Pattern.Contains("well-known", StringComparison.OrdinalIgnoreCase);
}
