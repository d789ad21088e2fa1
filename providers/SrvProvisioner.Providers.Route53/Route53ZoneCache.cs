using SrvProvisioner.Providers.Route53.Api;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// What earlier ListHostedZonesByName pages of one provider instance showed, so that a fleet
/// of thousands of domains does not ask once per domain and label. A page that starts at a
/// name lists every zone from there up to its NextDNSName in the API's order (name with labels
/// reversed, compared as text with the trailing dot: API reference, ListHostedZonesByName),
/// so it proves which zones exist, and which do not, for every name in that range. A later
/// lookup of a name inside a seen range costs no request; a single-domain run still costs one.
/// <para>
/// The cache trusts a page only if its zones come in the order this code computes and no name
/// carries an escape (Route 53 orders escaped names by their escaped text); otherwise it keeps
/// nothing from it, and that lookup asks the API as before. Zones created while a run is under
/// way are not seen by lookups the cache answers; a run is minutes long and its domains' zones
/// exist before it starts.
/// </para>
/// </summary>
internal sealed class Route53ZoneCache
{
    private readonly Lock _gate = new();
    private readonly List<(string Start, string? End)> _ranges = [];
    private readonly Dictionary<string, Dictionary<string, ApiHostedZone>> _zonesByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<IReadOnlyList<ApiHostedZone>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// The zones named <paramref name="normalisedName"/> if a cached page covers that name
    /// (an empty list when it proves there are none), else null.
    /// </summary>
    public IReadOnlyList<ApiHostedZone>? TryGet(string normalisedName)
    {
        if (!IsPlain(normalisedName))
        {
            return null;
        }

        var key = Route53Names.SortKey(normalisedName);
        lock (_gate)
        {
            if (!_ranges.Any(r => Covers(r, key)))
            {
                return null;
            }

            return _zonesByKey.TryGetValue(key, out var zones) ? [.. zones.Values] : [];
        }
    }

    /// <summary>
    /// Runs <paramref name="lookup"/> for <paramref name="normalisedName"/> unless the same
    /// lookup is already under way, then shares its answer: a fleet's domains in one zone all
    /// reach the zone's name at about the same time.
    /// </summary>
    public Task<IReadOnlyList<ApiHostedZone>> JoinAsync(string normalisedName, Func<Task<IReadOnlyList<ApiHostedZone>>> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        lock (_gate)
        {
            if (!_inFlight.TryGetValue(normalisedName, out var task))
            {
                task = RunAsync(normalisedName, lookup);
                _inFlight[normalisedName] = task;
            }

            return task;
        }
    }

    /// <summary>Remembers a first page (no hostedzoneid marker) of ListHostedZonesByName started at <paramref name="normalisedStart"/>.</summary>
    public void Add(string normalisedStart, HostedZonePage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!IsPlain(normalisedStart))
        {
            return;
        }

        var start = Route53Names.SortKey(normalisedStart);
        string? end = null;
        if (page.IsTruncated)
        {
            var next = page.NextDnsName is null ? null : Route53Names.Normalise(page.NextDnsName);
            if (next is null || page.NextDnsName!.Contains('\\', StringComparison.Ordinal) || !IsPlain(next))
            {
                return;
            }

            end = Route53Names.SortKey(next);
        }

        var keys = new List<string>(page.Zones.Count);
        foreach (var zone in page.Zones)
        {
            if (!IsPlain(zone.Name))
            {
                return;
            }

            var key = Route53Names.SortKey(zone.Name);
            var previous = keys.Count > 0 ? keys[^1] : start;
            if (string.CompareOrdinal(key, previous) < 0 || (end is not null && string.CompareOrdinal(key, end) > 0))
            {
                // Not the order this code assumes: trust nothing from this page.
                return;
            }

            keys.Add(key);
        }

        if (end is not null && string.CompareOrdinal(end, start) <= 0)
        {
            return;
        }

        lock (_gate)
        {
            for (int i = 0; i < keys.Count; i++)
            {
                if (!_zonesByKey.TryGetValue(keys[i], out var zones))
                {
                    _zonesByKey[keys[i]] = zones = new Dictionary<string, ApiHostedZone>(StringComparer.Ordinal);
                }

                zones[page.Zones[i].Id] = page.Zones[i];
            }

            _ranges.Add((start, end));
        }
    }

    private async Task<IReadOnlyList<ApiHostedZone>> RunAsync(string normalisedName, Func<Task<IReadOnlyList<ApiHostedZone>>> lookup)
    {
        try
        {
            // Yield first so that the caller registers the task before it can complete.
            await Task.Yield();
            return await lookup();
        }
        finally
        {
            lock (_gate)
            {
                _inFlight.Remove(normalisedName);
            }
        }
    }

    /// <summary>[Start, End): the range ends before End, the first zone the page did not list (null: the end of the list).</summary>
    private static bool Covers((string Start, string? End) range, string key) =>
        string.CompareOrdinal(key, range.Start) >= 0 && (range.End is null || string.CompareOrdinal(key, range.End) < 0);

    /// <summary>Only letters, digits, '-', '_' and '.': names Route 53 never escapes, so its order and ours agree.</summary>
    private static bool IsPlain(string normalisedName) =>
        normalisedName.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.');
}
