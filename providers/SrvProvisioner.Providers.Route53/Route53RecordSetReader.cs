using System.Text.Json;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.Route53.Api;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// Reads the record sets at a few names with few ListResourceRecordSets calls whose number
/// depends only on the names asked for, never on the size of the zone. A listing started at a
/// name returns that name's sets (in type order) and then whatever follows in reversed-label
/// order, so names with the same parent (<c>_matrix-fed._tcp.X</c> and <c>_matrix._tcp.X</c>,
/// which sort next to each other) share one small page. A name is done once a page shows a
/// later name or the zone's end; paging continues with NextRecordName/NextRecordType only
/// while the next page still starts on a wanted name of the group, and jumps straight to the
/// next wanted name otherwise. Groups never share a page by luck: a plan costs the same
/// requests for a zone of 10 sets as for one of 50,000, which is what an operator budgets
/// against the account's 5 requests per second.
/// </summary>
internal sealed class Route53RecordSetReader
{
    private const int MaxPages = 200;

    private static readonly Comparer<string> ListingOrder = Comparer<string>.Create(Route53Names.Compare);

    private readonly Route53ApiClient _api;
    private readonly int _pageSize;
    private readonly Route53TargetCache? _targets;

    public Route53RecordSetReader(Route53ApiClient api, int pageSize, Route53TargetCache? targets = null)
    {
        _api = api;
        _pageSize = pageSize;
        _targets = targets;
    }

    public async Task<IReadOnlyList<RecordSet>> ReadAsync(HostedZone zone, IReadOnlyList<RecordSetKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(keys);
        var found = new List<RecordSet>();
        var groups = keys
            .GroupBy(k => k.Name.Parent?.Value ?? string.Empty)
            .Select(g => g.GroupBy(k => k.Name.Value).ToDictionary(n => n.Key, n => n.Select(k => k.Type).ToHashSet(), StringComparer.Ordinal))
            .OrderBy(g => g.Keys.Order(ListingOrder).First(), ListingOrder);
        foreach (var wanted in groups)
        {
            if (_targets is not null && Route53TargetCache.Holds(wanted.Values.SelectMany(t => t)))
            {
                // An SRV target's own sets: read once per run (the cache's comment says why).
                var key = $"{zone.Id}|{string.Join(' ', wanted.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}:{string.Join(',', w.Value.Order())}"))}";
                found.AddRange(await _targets.GetAsync(key, () => ReadGroupAsync(zone, wanted, cancellationToken)));
            }
            else
            {
                found.AddRange(await ReadGroupAsync(zone, wanted, cancellationToken));
            }
        }

        return found;
    }

    private async Task<IReadOnlyList<RecordSet>> ReadGroupAsync(HostedZone zone, Dictionary<string, HashSet<RecordType>> wanted, CancellationToken cancellationToken)
    {
        var found = new List<RecordSet>();
        var pending = wanted.Keys.Order(ListingOrder).ToList();
        (string Name, string? Type, string? Identifier)? resume = null;
        for (int pages = 0; pending.Count > 0; pages++)
        {
            if (pages == MaxPages)
            {
                throw new ProviderException($"Route 53 kept paging record sets of zone {zone.Name.Fqdn} without getting past {pending[0]}; try again.");
            }

            var start = resume ?? (pending[0] + ".", null, null);
            var page = await _api.ListResourceRecordSetsAsync(zone.Id, start.Name, start.Type, start.Identifier, _pageSize, cancellationToken);
            foreach (var set in page.Sets)
            {
                var name = Route53Names.Normalise(set.Name);
                if (pending.Contains(name) && wanted[name] is var types && TryParseType(set.Type, out var type) && types.Contains(type))
                {
                    found.Add(ToRecordSet(name, type, set));
                }
            }

            if (!page.IsTruncated || page.NextRecordName is null)
            {
                return found;
            }

            // Everything before the next page's first name has been seen.
            var next = Route53Names.Normalise(page.NextRecordName);
            pending.RemoveAll(n => Route53Names.Compare(n, next) < 0);
            resume = pending.Count > 0 && pending[0] == next
                ? (page.NextRecordName, page.NextRecordType, page.NextRecordIdentifier)
                : null;
        }

        return found;
    }

    private static RecordSet ToRecordSet(string name, RecordType type, ApiRecordSet set)
    {
        var owner = DnsName.Parse(name);
        if (set.SetIdentifier is not null)
        {
            throw new ProviderException($"{owner.Fqdn} {set.Type} in Route 53 uses a routing policy (SetIdentifier '{set.SetIdentifier}'); srvprov manages only simple record sets. Remove or convert it, then plan again.");
        }

        try
        {
            if (set.AliasDnsName is not null)
            {
                // An alias A/AAAA answers with the target's addresses, which the API does not list.
                return new RecordSet(owner, type, 0, [$"alias {set.AliasDnsName}"]);
            }

            var record = new RecordSet(owner, type, set.Ttl ?? 0, set.Values.Select(v => Route53RecordText.ToCanonical(type, v)));
            return record.Values.Select(v => Route53RecordText.ToApi(type, v)).Order(StringComparer.Ordinal).SequenceEqual(set.Values.Order(StringComparer.Ordinal), StringComparer.Ordinal)
                ? record
                : record with { Version = JsonSerializer.Serialize(set.Values.ToArray(), Route53VersionJsonContext.Default.StringArray) };
        }
        catch (InvalidInputException ex)
        {
            throw new ProviderException($"Route 53 holds {set.Type} data at {owner.Fqdn} that srvprov cannot read ({ex.Message}); fix it in the console, then plan again.", ex);
        }
    }

    private static bool TryParseType(string text, out RecordType type)
    {
        (var ok, type) = text switch
        {
            "SRV" => (true, RecordType.Srv),
            "CNAME" => (true, RecordType.Cname),
            "A" => (true, RecordType.A),
            "AAAA" => (true, RecordType.Aaaa),

            // Read only when asked for (an _acme-challenge set for ACME DNS-01); never cached as a target's.
            "TXT" => (true, RecordType.Txt),
            _ => (false, RecordType.Srv),
        };
        return ok;
    }

    /// <summary>
    /// The values to send back in an exact DELETE: Route 53's own text when it differs from the
    /// canonical form (kept in <see cref="RecordSet.Version"/> when read), else the canonical values.
    /// </summary>
    public static IReadOnlyList<string> WireValues(RecordSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Version is { } raw)
        {
            try
            {
                var values = JsonSerializer.Deserialize(raw, Route53VersionJsonContext.Default.StringArray)?.OfType<string>().ToArray();
                if (values is { Length: > 0 } && new RecordSet(set.Name, set.Type, set.Ttl, values.Select(v => Route53RecordText.ToCanonical(set.Type, v))).HasSameData(set))
                {
                    return values;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or InvalidInputException)
            {
                // A hand-edited plan: fall back to the canonical values.
            }
        }

        return [.. set.Values.Select(v => Route53RecordText.ToApi(set.Type, v))];
    }
}
