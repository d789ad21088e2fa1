using System.Globalization;
using SrvProvisioner.Core.HomeserverConfig.Proxies;

namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>
/// What a Caddy site answers for a path, following the Caddyfile adapter's rules
/// (https://caddyserver.com/docs/caddyfile/directives#directive-order): directives of a site
/// or <c>handle</c> block run in Caddy's fixed directive order, same directives sorted with the
/// longest single path matcher first; <c>route</c> keeps the written order; of several matching
/// <c>handle</c> blocks (and <c>root</c>s) only the first runs; <c>respond</c>, <c>redir</c>,
/// <c>file_server</c>, <c>reverse_proxy</c>, <c>error</c> and <c>abort</c> end the request;
/// when nothing responds, Caddy answers 200 with an empty body.
/// </summary>
internal static class CaddyServingAnalyzer
{
    // Caddy v2.6 httpcaddyfile directiveOrder.
    private static readonly string[] Order =
    [
        "tracing", "map", "vars", "root", "skip_log", "header", "copy_response_headers", "request_body", "redir",
        "method", "rewrite", "uri", "try_files", "basicauth", "forward_auth", "request_header", "encode", "push", "templates",
        "handle", "handle_path", "route",
        "abort", "error", "copy_response", "respond", "metrics", "reverse_proxy", "php_fastcgi", "file_server", "acme_server",
    ];

    private static readonly HashSet<string> Rewriting = new(StringComparer.Ordinal) { "rewrite", "uri", "try_files", "method", "invoke" };

    public static CaddyServing Analyze(CaddySite site, string host, string path)
    {
        ArgumentNullException.ThrowIfNull(site);
        var named = new Dictionary<string, CaddyDirective>(StringComparer.Ordinal);
        Collect(site.Body, named);
        return Evaluate(site.Body, literal: false, new State(null, path), host, named, []) ?? CaddyServing.FellThrough;
    }

    /// <summary>The site's named matchers (<c>@name</c>), for <see cref="CaddyMatcher"/>.</summary>
    public static Dictionary<string, CaddyDirective> NamedMatchers(CaddySite site)
    {
        var named = new Dictionary<string, CaddyDirective>(StringComparer.Ordinal);
        Collect(site.Body, named);
        return named;
    }

    private static void Collect(IReadOnlyList<CaddyDirective> body, Dictionary<string, CaddyDirective> named)
    {
        foreach (var directive in body)
        {
            if (directive.Name.StartsWith('@'))
            {
                named.TryAdd(directive.Name, directive);
            }
            else if (directive.Children is { } children && directive.Name is "handle" or "handle_path" or "route")
            {
                Collect(children, named);
            }
        }
    }

    /// <summary>The directives in the order Caddy runs them.</summary>
    public static IReadOnlyList<CaddyDirective> Sorted(IReadOnlyList<CaddyDirective> body, IReadOnlyDictionary<string, CaddyDirective> named)
    {
        var indexed = body.Select((d, i) => (Directive: d, Index: i)).ToList();
        indexed.Sort((a, b) =>
        {
            var byName = Position(a.Directive.Name).CompareTo(Position(b.Directive.Name));
            if (byName != 0 || a.Directive.Name != b.Directive.Name)
            {
                return byName != 0 ? byName : a.Index.CompareTo(b.Index);
            }

            // Same directive: the longest single path matcher first; with no path to compare,
            // one with a matcher before one without (httpcaddyfile sortRoutes).
            var aPath = CaddyMatcher.SinglePath(a.Directive, named)?.Length ?? 0;
            var bPath = CaddyMatcher.SinglePath(b.Directive, named)?.Length ?? 0;
            if (aPath == 0 && bPath == 0)
            {
                var aHas = CaddyMatcher.Token(a.Directive) is { Value: not "*" } ? 0 : 1;
                var bHas = CaddyMatcher.Token(b.Directive) is { Value: not "*" } ? 0 : 1;
                return aHas != bHas ? aHas.CompareTo(bHas) : a.Index.CompareTo(b.Index);
            }

            return aPath != bPath ? bPath.CompareTo(aPath) : a.Index.CompareTo(b.Index);
        });
        return [.. indexed.Select(x => x.Directive)];
    }

    private static int Position(string name)
    {
        var index = Array.IndexOf(Order, name);
        return index < 0 ? Order.Length : index;
    }

    private static CaddyServing? Evaluate(IReadOnlyList<CaddyDirective> body, bool literal, State state, string host, IReadOnlyDictionary<string, CaddyDirective> named, IReadOnlyList<CaddyDirective> chain)
    {
        var handled = false;
        var rooted = false;
        foreach (var directive in literal ? body : Sorted(body, named))
        {
            var name = directive.Name;
            if (name.StartsWith('@'))
            {
                continue;
            }

            var matches = CaddyMatcher.Matches(directive, state.Path, host, named, out var why);
            if (matches == false)
            {
                continue;
            }

            IReadOnlyList<CaddyDirective> here = [.. chain, directive];
            CaddyServing Unsure(string what) => new(ProxyOutcome.Unsure, directive, what, here);
            switch (name)
            {
                case "root":
                    if (rooted && !literal)
                    {
                        continue;
                    }

                    var rootArg = directive.Args.LastOrDefault();
                    state = state with { Root = matches == true && rootArg is { HasVariable: false } ? rootArg.Value : "?" + (rootArg?.Value ?? string.Empty) };
                    rooted = matches == true;
                    continue;
                case "handle" or "handle_path" or "route":
                    if (name == "handle" && handled && !literal)
                    {
                        continue;
                    }

                    if (matches is null)
                    {
                        return Unsure($"{name} {why}");
                    }

                    var inner = state;
                    if (name == "handle_path")
                    {
                        var prefix = CaddyMatcher.Token(directive)?.Value;
                        if (prefix is null || !prefix.StartsWith('/') || !prefix.EndsWith('*') || prefix.Count(c => c == '*') != 1)
                        {
                            return Unsure($"handle_path {prefix} strips a prefix srvprov cannot compute");
                        }

                        var stripped = state.Path[(prefix.Length - 1)..];
                        inner = state with { Path = stripped.StartsWith('/') ? stripped : "/" + stripped };
                    }

                    handled |= name == "handle";
                    var result = Evaluate(directive.Children ?? [], name == "route", inner, host, named, here);
                    if (result is not null)
                    {
                        return result;
                    }

                    continue;
            }

            if (matches is null && (Order.Contains(name) && Position(name) >= Position("abort") || name == "redir" || Rewriting.Contains(name)))
            {
                return Unsure($"{directive.Text} ({why})");
            }

            switch (name)
            {
                case "respond":
                    var (status, respondBody) = Respond(directive);
                    if (status is null)
                    {
                        return Unsure($"{directive.Text} (a status srvprov cannot read)");
                    }

                    return status is >= 200 and < 400
                        ? new CaddyServing(ProxyOutcome.Served, directive, respondBody.Length > 0 ? $"respond {status} {respondBody}" : $"respond {status}", here) { Body = status < 300 && !HasPlaceholder(respondBody) ? respondBody : null }
                        : new CaddyServing(ProxyOutcome.NotFound, directive, $"respond {status}", here);
                case "redir":
                    return new CaddyServing(ProxyOutcome.Served, directive, "redir " + string.Join(' ', directive.Args.Where(a => a != CaddyMatcher.Token(directive)).Select(a => a.Value)), here);
                case "abort" or "error":
                    return new CaddyServing(ProxyOutcome.NotFound, directive, directive.Text, here);
                case "reverse_proxy" or "php_fastcgi":
                    return new CaddyServing(ProxyOutcome.Forwarded, directive, directive.Text, here);
                case "file_server":
                    return FileServer(directive, state, here);
                case var r when Rewriting.Contains(r):
                    return Unsure($"{directive.Text} rewrites the request");
            }
        }

        return null;
    }

    private static CaddyServing FileServer(CaddyDirective directive, State state, IReadOnlyList<CaddyDirective> chain)
    {
        var root = directive.Children?.FirstOrDefault(c => c.Name == "root")?.Args.FirstOrDefault() is { HasVariable: false } inner ? inner.Value : state.Root;
        if (root is null || root.StartsWith('?'))
        {
            return new CaddyServing(ProxyOutcome.Unsure, directive, $"file_server from a root srvprov cannot tell ({(root is null ? "Caddy's working directory" : root[1..])})", chain);
        }

        var file = Path.Combine(root, state.Path.TrimStart('/'));
        return File.Exists(file)
            ? new CaddyServing(ProxyOutcome.Served, directive, $"file_server {file}", chain)
            : new CaddyServing(ProxyOutcome.NotFound, directive, $"file_server (no file {file})", chain);
    }

    /// <summary><c>respond [matcher] [body|status] [status]</c>: the status (200 by default) and body.</summary>
    /// <summary>A Caddy placeholder such as <c>{host}</c> or <c>{http.request.uri}</c>: the body is known only per request.</summary>
    private static bool HasPlaceholder(string body)
    {
        for (var open = body.IndexOf('{', StringComparison.Ordinal); open >= 0; open = body.IndexOf('{', open + 1))
        {
            var close = body.IndexOf('}', open + 1);
            if (close > open + 1 && body[(open + 1)..close].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '>' or ':'))
            {
                return true;
            }
        }

        return false;
    }

    private static (int? Status, string Body) Respond(CaddyDirective directive)
    {
        var args = directive.Args.Where(a => !ReferenceEquals(a, CaddyMatcher.Token(directive))).ToList();
        int? status = 200;
        var body = string.Empty;
        if (args.Count == 1 && !args[0].Quoted && args[0].Value.Length == 3 && int.TryParse(args[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var only))
        {
            return (only, body);
        }

        if (args.Count >= 1)
        {
            body = args[0].Value;
        }

        if (args.Count >= 2)
        {
            status = int.TryParse(args[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
        }

        var blockBody = directive.Children?.FirstOrDefault(c => c.Name == "body")?.Args.FirstOrDefault();
        return (status, blockBody?.Value ?? body);
    }

    private sealed record State(string? Root, string Path);
}
