namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>
/// Caddy request matchers as far as srvprov evaluates them
/// (https://caddyserver.com/docs/caddyfile/matchers): the matcher token of a directive
/// (<c>*</c>, a path starting with <c>/</c>, or <c>@name</c>), named matchers made of
/// <c>path</c> and <c>host</c> matchers (all must match; one matcher's values are alternatives).
/// Anything else (headers, expressions, <c>not</c>, regexes) is "unsure".
/// </summary>
internal static class CaddyMatcher
{
    /// <summary>The directive's matcher token, when its first argument is one.</summary>
    public static CaddyToken? Token(CaddyDirective directive)
    {
        var args = directive.Args;
        if (args.Count == 0 || args[0].Quoted)
        {
            return null;
        }

        // root takes a matcher only before its path: "root /srv" is the path (Caddy's parseRoot).
        if (directive.Name == "root" && args.Count < 2)
        {
            return null;
        }

        var value = args[0].Value;
        return value == "*" || value.StartsWith('/') || value.StartsWith('@') ? args[0] : null;
    }

    /// <summary>Whether the directive applies to <paramref name="path"/>; <paramref name="why"/> says why not sure.</summary>
    public static bool? Matches(CaddyDirective directive, string path, string host, IReadOnlyDictionary<string, CaddyDirective> named, out string? why)
    {
        why = null;
        var token = Token(directive);
        if (token is null || token.Value == "*")
        {
            return true;
        }

        if (token.HasVariable)
        {
            why = $"matcher {token.Value} uses a placeholder";
            return null;
        }

        if (token.Value.StartsWith('/'))
        {
            return PathMatches(token.Value, path);
        }

        if (!named.TryGetValue(token.Value, out var definition))
        {
            why = $"matcher {token.Value} is not defined in this site";
            return null;
        }

        var sets = MatcherLines(definition);
        if (sets.Count == 0)
        {
            why = $"matcher {token.Value} has no matchers srvprov reads";
            return null;
        }

        var result = true;
        foreach (var (kind, values) in sets)
        {
            switch (kind)
            {
                case "path" when values.Count > 0 && values.All(v => !v.HasVariable):
                    result &= values.Any(v => PathMatches(v.Value, path));
                    break;
                case "host" when values.Count > 0 && values.All(v => !v.HasVariable):
                    result &= values.Any(v => new CaddyAddress(v.Value.ToLowerInvariant(), 0, string.Empty, false).Covers(host) > 1);
                    break;
                default:
                    why = $"matcher {token.Value} uses '{kind}', which srvprov does not evaluate";
                    return null;
            }
        }

        return result;
    }

    /// <summary>The single exact path a directive's matcher stands for, or null (no matcher, several paths, wildcards, other matchers).</summary>
    public static string? ExactPath(CaddyDirective directive, IReadOnlyDictionary<string, CaddyDirective> named)
    {
        var token = Token(directive);
        if (token is null || token.HasVariable || token.Value == "*")
        {
            return null;
        }

        if (token.Value.StartsWith('/'))
        {
            return token.Value.Contains('*', StringComparison.Ordinal) ? null : token.Value;
        }

        if (!named.TryGetValue(token.Value, out var definition))
        {
            return null;
        }

        var sets = MatcherLines(definition);
        return sets is [("path", [var only])] && !only.Value.Contains('*', StringComparison.Ordinal) && !only.HasVariable ? only.Value : null;
    }

    /// <summary>The single path pattern of a directive's matcher (for Caddy's sort by specificity), or null.</summary>
    public static string? SinglePath(CaddyDirective directive, IReadOnlyDictionary<string, CaddyDirective> named)
    {
        var token = Token(directive);
        if (token is null || token.Value == "*")
        {
            return null;
        }

        if (token.Value.StartsWith('/'))
        {
            return token.Value;
        }

        return named.TryGetValue(token.Value, out var definition) && MatcherLines(definition) is [("path", [var only])] ? only.Value : null;
    }

    /// <summary>Caddy's path matcher (modules/caddyhttp/matchers.go MatchPath): case-insensitive; exact, prefix*, *suffix, *substring*, else a glob.</summary>
    public static bool PathMatches(string pattern, string path)
    {
        var p = pattern.ToLowerInvariant();
        var s = path.ToLowerInvariant();
        if (p == "*")
        {
            return true;
        }

        var stars = p.Count(c => c == '*');
        if (stars == 0)
        {
            return p == s;
        }

        if (stars == 1 && p.EndsWith('*'))
        {
            return s.StartsWith(p[..^1], StringComparison.Ordinal);
        }

        if (stars == 1 && p.StartsWith('*'))
        {
            return s.EndsWith(p[1..], StringComparison.Ordinal);
        }

        if (stars == 2 && p.StartsWith('*') && p.EndsWith('*'))
        {
            return s.Contains(p[1..^1], StringComparison.Ordinal);
        }

        return Nginx.NginxGlob.Matches(p, s, wildcardMatchesDot: true);
    }

    /// <summary>
    /// Whether the directive's matcher token is a matcher at all or just a path argument.
    /// </summary>
    private static List<(string Kind, List<CaddyToken> Values)> MatcherLines(CaddyDirective definition)
    {
        var sets = new List<(string, List<CaddyToken>)>();
        if (definition.Children is { } lines)
        {
            foreach (var line in lines)
            {
                sets.Add((line.Name, [.. line.Args]));
            }
        }
        else if (definition.Args.Count > 0)
        {
            // "@name /path" is not a form Caddy has; "@name path /a /b" is.
            sets.Add((definition.Args[0].Value, [.. definition.Args.Skip(1)]));
        }

        return sets;
    }
}
