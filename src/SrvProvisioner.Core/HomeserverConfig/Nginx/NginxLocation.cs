namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// A <c>location</c> block read as ngx_http_core_location does: the modifier (<c>=</c>,
/// <c>^~</c>, <c>~</c>, <c>~*</c>, none) may stand alone or be glued to the path
/// (<c>location =/x</c>); <c>@name</c> is a named location, never matched by a request URI.
/// </summary>
internal sealed record NginxLocation(NginxNode Node, NginxLocationKind Kind, string Pattern)
{
    public bool IsRegex => Kind is NginxLocationKind.Regex or NginxLocationKind.RegexCaseless;

    public string Text => Kind switch
    {
        NginxLocationKind.Exact => "= " + Pattern,
        NginxLocationKind.PrefixNoRegex => "^~ " + Pattern,
        NginxLocationKind.Regex => "~ " + Pattern,
        NginxLocationKind.RegexCaseless => "~* " + Pattern,
        NginxLocationKind.Named => Pattern,
        _ => Pattern,
    };

    public static NginxLocation From(NginxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var args = node.Directive.Args.Select(a => a.Value).ToList();
        if (args.Count == 2)
        {
            return new NginxLocation(node, Modifier(args[0]) ?? NginxLocationKind.Prefix, args[1]);
        }

        var single = args.Count == 1 ? args[0] : string.Empty;
        foreach (var (prefix, kind) in new[] { ("~*", NginxLocationKind.RegexCaseless), ("^~", NginxLocationKind.PrefixNoRegex), ("=", NginxLocationKind.Exact), ("~", NginxLocationKind.Regex) })
        {
            if (single.StartsWith(prefix, StringComparison.Ordinal) && single.Length > prefix.Length)
            {
                return new NginxLocation(node, kind, single[prefix.Length..]);
            }
        }

        return new NginxLocation(node, single.StartsWith('@') ? NginxLocationKind.Named : NginxLocationKind.Prefix, single);
    }

    private static NginxLocationKind? Modifier(string text) => text switch
    {
        "=" => NginxLocationKind.Exact,
        "^~" => NginxLocationKind.PrefixNoRegex,
        "~" => NginxLocationKind.Regex,
        "~*" => NginxLocationKind.RegexCaseless,
        _ => null,
    };
}
