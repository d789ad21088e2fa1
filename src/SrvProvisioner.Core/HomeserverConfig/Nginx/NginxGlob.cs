using System.Text;

namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// The <c>glob(3)</c> nginx's <c>include</c> uses (ngx_open_glob, flags 0): <c>*</c>, <c>?</c>
/// and <c>[...]</c> in any path component, a wildcard never matches a leading dot, results sorted
/// byte-wise (nginx runs in the C locale). Also answers whether a path would be matched, so a
/// backup is never put where an include would load it.
/// </summary>
internal static class NginxGlob
{
    /// <summary>Upper bound on paths one pattern may yield (a pattern over a huge directory is refused, not walked).</summary>
    public const int MaxMatches = 4096;

    public static bool HasWildcard(string pattern) => pattern.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>Paths matching the absolute <paramref name="pattern"/>, sorted.</summary>
    public static IReadOnlyList<string> Expand(string pattern, bool wildcardMatchesDot = false)
    {
        var components = pattern.Split('/');
        var current = new List<string> { components[0].Length == 0 ? "/" : components[0] };
        for (var i = 1; i < components.Length; i++)
        {
            var component = components[i];
            if (component.Length == 0)
            {
                continue;
            }

            var next = new List<string>();
            foreach (var dir in current)
            {
                if (!HasWildcard(component))
                {
                    var path = Path.Combine(dir, component);
                    if (Path.Exists(path))
                    {
                        next.Add(path);
                    }

                    continue;
                }

                if (!Directory.Exists(dir))
                {
                    continue;
                }

                foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
                {
                    if (ComponentMatches(component, Path.GetFileName(entry), wildcardMatchesDot))
                    {
                        next.Add(entry);
                        if (next.Count > MaxMatches)
                        {
                            throw new Errors.ConfigFileException($"include {pattern} matches more than {MaxMatches} paths; srvprov refuses to read that many.");
                        }
                    }
                }
            }

            current = next;
        }

        current.Sort(CompareBytes);
        return current;
    }

    /// <summary>Whether <paramref name="path"/> (absolute) would be one of <paramref name="pattern"/>'s matches.</summary>
    public static bool Matches(string pattern, string path, bool wildcardMatchesDot = false)
    {
        var p = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var s = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return p.Length == s.Length && p.Zip(s).All(pair => ComponentMatches(pair.First, pair.Second, wildcardMatchesDot));
    }

    /// <summary>
    /// fnmatch(3) with FNM_PERIOD for one component; with <paramref name="wildcardMatchesDot"/>
    /// a wildcard also matches a leading dot, as Go's filepath.Match does (Caddy's <c>import</c>).
    /// </summary>
    public static bool ComponentMatches(string pattern, string name, bool wildcardMatchesDot = false)
    {
        if (!wildcardMatchesDot && name.StartsWith('.') && !pattern.StartsWith('.'))
        {
            return false;
        }

        return Match(pattern, 0, name, 0);
    }

    private static bool Match(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            switch (c)
            {
                case '*':
                    while (pi < p.Length && p[pi] == '*')
                    {
                        pi++;
                    }

                    if (pi == p.Length)
                    {
                        return true;
                    }

                    for (var k = si; k <= s.Length; k++)
                    {
                        if (Match(p, pi, s, k))
                        {
                            return true;
                        }
                    }

                    return false;
                case '?':
                    if (si >= s.Length)
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
                case '[':
                    var close = p.IndexOf(']', pi + 2);
                    if (close < 0)
                    {
                        goto default;
                    }

                    if (si >= s.Length || !InClass(p.AsSpan(pi + 1, close - pi - 1), s[si]))
                    {
                        return false;
                    }

                    pi = close + 1;
                    si++;
                    break;
                case '\\' when pi + 1 < p.Length:
                    if (si >= s.Length || s[si] != p[pi + 1])
                    {
                        return false;
                    }

                    pi += 2;
                    si++;
                    break;
                default:
                    if (si >= s.Length || s[si] != c)
                    {
                        return false;
                    }

                    pi++;
                    si++;
                    break;
            }
        }

        return si == s.Length;
    }

    private static bool InClass(ReadOnlySpan<char> set, char c)
    {
        var negate = set.Length > 0 && set[0] is '!' or '^';
        if (negate)
        {
            set = set[1..];
        }

        var found = false;
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                found |= c >= set[i] && c <= set[i + 2];
                i += 2;
            }
            else
            {
                found |= c == set[i];
            }
        }

        return found != negate;
    }

    public static IReadOnlyList<string> Sorted(IEnumerable<string> paths)
    {
        var list = paths.ToList();
        list.Sort(CompareBytes);
        return list;
    }

    private static int CompareBytes(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}
