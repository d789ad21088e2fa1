namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// The location nginx picks for a URI (nginx docs, "location"; ngx_http_core_find_location):
/// among the prefix and exact locations of a level the longest match is remembered and an
/// exact match ends the search; locations nested in the remembered one are searched the same
/// way; then, unless the remembered location has <c>^~</c>, the regular expressions of the
/// level are tried in configuration order (inner levels first) and the first match wins;
/// else the remembered prefix location is used.
/// </summary>
internal static class NginxLocationMatcher
{
    /// <summary>The matched location and the chain of locations above it; <see cref="NginxMatch.Unsure"/> when a regex could not be evaluated.</summary>
    public static NginxMatch Match(NginxNode block, string uri)
    {
        ArgumentNullException.ThrowIfNull(block);
        var unsure = new List<string>();
        var (found, _) = Find(block, uri, unsure, []);
        return new NginxMatch(found?.Location, found?.Chain ?? [], unsure.Count == 0 ? null : string.Join("; ", unsure));
    }

    public static IEnumerable<NginxLocation> Locations(NginxNode block) =>
        block.Named("location").Where(n => n.Children is not null).Select(NginxLocation.From);

    private static ((NginxLocation Location, IReadOnlyList<NginxLocation> Chain)? Found, bool Final) Find(NginxNode block, string uri, List<string> unsure, IReadOnlyList<NginxLocation> chain)
    {
        var locations = Locations(block).ToList();
        NginxLocation? best = null;
        foreach (var location in locations)
        {
            switch (location.Kind)
            {
                case NginxLocationKind.Exact when location.Pattern == uri:
                    return ((location, chain), true);
                case NginxLocationKind.Prefix or NginxLocationKind.PrefixNoRegex when uri.StartsWith(location.Pattern, StringComparison.Ordinal):
                    if (best is null || location.Pattern.Length > best.Pattern.Length)
                    {
                        best = location;
                    }

                    break;
            }
        }

        (NginxLocation Location, IReadOnlyList<NginxLocation> Chain)? found = best is null ? null : (best, chain);
        if (best is not null && Locations(best.Node).Any())
        {
            var (inner, final) = Find(best.Node, uri, unsure, [.. chain, best]);
            if (final)
            {
                return (inner, true);
            }

            found = inner ?? found;
        }

        if (found?.Location.Kind == NginxLocationKind.PrefixNoRegex)
        {
            return (found, false);
        }

        foreach (var location in locations.Where(l => l.IsRegex))
        {
            var matches = NginxServerSelector.RegexMatches(location.Pattern, uri, location.Kind == NginxLocationKind.RegexCaseless);
            if (matches is null)
            {
                unsure.Add($"{location.Node.Where}: location {location.Text} cannot be evaluated here");
                continue;
            }

            if (matches.Value)
            {
                if (Locations(location.Node).Any())
                {
                    var (inner, _) = Find(location.Node, uri, unsure, [.. chain, location]);
                    if (inner is not null)
                    {
                        return (inner, true);
                    }
                }

                return ((location, chain), true);
            }
        }

        return (found, false);
    }
}
