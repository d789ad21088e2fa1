using System.Text.RegularExpressions;

namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// Which <c>server</c> block answers a host name on each listen socket, by nginx's order
/// (nginx docs, "Server names" and ngx_http_find_virtual_server): the exact name; the longest
/// wildcard starting with an asterisk (<c>*.example.com</c>, and <c>.example.com</c> which also
/// covers <c>example.com</c>); the longest wildcard ending with an asterisk
/// (<c>example.*</c>); the first matching regular expression (<c>~</c>) in configuration order;
/// else the socket's <c>default_server</c>, or its first server.
/// </summary>
internal static class NginxServerSelector
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public static IReadOnlyList<NginxServerBlock> Servers(NginxTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return [.. tree.Nodes.Where(n => n.Name == "http").SelectMany(h => h.Named("server")).Where(s => s.Children is not null).Select(NginxServerBlock.From)];
    }

    /// <summary>Per listen socket: the block chosen for <paramref name="host"/>, and how.</summary>
    public static IReadOnlyList<NginxSelection> Select(IReadOnlyList<NginxServerBlock> servers, string host)
    {
        ArgumentNullException.ThrowIfNull(servers);
        host = host.ToLowerInvariant();
        var selections = new List<NginxSelection>();
        foreach (var key in servers.SelectMany(s => s.Listens).Select(l => l.Key).Distinct(StringComparer.Ordinal))
        {
            var group = servers.Where(s => s.Listens.Any(l => l.Key == key)).ToList();
            var chosen = Choose(group, key, host);
            if (chosen is not null)
            {
                selections.Add(chosen);
            }
        }

        return selections;
    }

    private static NginxSelection? Choose(List<NginxServerBlock> group, string key, string host)
    {
        var exact = group.FirstOrDefault(s => s.Names.Any(n => n == host));
        if (exact is not null)
        {
            return new NginxSelection(exact, key, $"server_name {host}");
        }

        var leading = Best(group, n => LeadingWildcardLength(n, host));
        if (leading is not null)
        {
            return new NginxSelection(leading.Value.Server, key, $"server_name {leading.Value.Name}");
        }

        var trailing = Best(group, n => TrailingWildcardLength(n, host));
        if (trailing is not null)
        {
            return new NginxSelection(trailing.Value.Server, key, $"server_name {trailing.Value.Name}");
        }

        foreach (var server in group)
        {
            foreach (var name in server.Names.Where(n => n.StartsWith('~')))
            {
                var matches = RegexMatches(name[1..], host);
                if (matches is null)
                {
                    return new NginxSelection(server, key, $"server_name {name}") { Unsure = $"its regular expression {name} cannot be evaluated here" };
                }

                if (matches.Value)
                {
                    return new NginxSelection(server, key, $"server_name {name}");
                }
            }
        }

        var fallback = group.FirstOrDefault(s => s.Listens.Any(l => l.Key == key && l.IsDefault)) ?? group[0];
        return new NginxSelection(fallback, key, $"the default server for {key}") { IsDefault = true };
    }

    private static (NginxServerBlock Server, string Name)? Best(List<NginxServerBlock> group, Func<string, int> length)
    {
        (NginxServerBlock Server, string Name)? best = null;
        var bestLength = 0;
        foreach (var server in group)
        {
            foreach (var name in server.Names)
            {
                var l = length(name);
                if (l > bestLength)
                {
                    best = (server, name);
                    bestLength = l;
                }
            }
        }

        return best;
    }

    /// <summary><c>*.example.com</c> covers names below example.com; <c>.example.com</c> also example.com itself.</summary>
    private static int LeadingWildcardLength(string name, string host)
    {
        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = name[1..];
            return host.EndsWith(suffix, StringComparison.Ordinal) && host.Length > suffix.Length ? suffix.Length : 0;
        }

        if (name.StartsWith('.') && name.Length > 1)
        {
            return host == name[1..] || host.EndsWith(name, StringComparison.Ordinal) ? name.Length : 0;
        }

        return 0;
    }

    private static int TrailingWildcardLength(string name, string host)
    {
        if (!name.EndsWith(".*", StringComparison.Ordinal))
        {
            return 0;
        }

        var prefix = name[..^1];
        return host.StartsWith(prefix, StringComparison.Ordinal) && host.Length > prefix.Length ? prefix.Length : 0;
    }

    /// <summary>nginx compiles server_name regexes caseless (PCRE); null when .NET cannot read the expression.</summary>
    internal static bool? RegexMatches(string pattern, string input, bool caseless = true)
    {
        try
        {
            var options = RegexOptions.CultureInvariant | (caseless ? RegexOptions.IgnoreCase : RegexOptions.None);
            return Regex.IsMatch(input, pattern, options, RegexTimeout);
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
