using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.Route53.Api;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// Finds the hosted zone that encloses a name without listing every zone: for each suffix of
/// the name, longest first, one ListHostedZonesByName call starting at that suffix returns the
/// zones of exactly that name first (the list is ordered by reversed labels), so the first
/// suffix with a usable zone wins. A name like <c>example.com</c> in zone <c>example.com</c>
/// costs one request; suffixes that an earlier page of the same provider instance already
/// covered cost none (<see cref="Route53ZoneCache"/>), which is what makes fleets cheap.
/// <para>
/// Public zones are used unless <c>--route53-private</c> is given; then a private zone of the
/// same name is preferred (split-horizon setups keep both). With
/// <c>--route53-hosted-zone-id</c> the same walk looks for that ID, which keeps the IAM policy
/// to ListHostedZonesByName (no GetHostedZone) and proves the zone encloses the name.
/// </para>
/// </summary>
internal sealed class Route53ZoneFinder
{
    /// <summary>The API's maximum: one page shows the zones that follow the name too, which <see cref="Route53ZoneCache"/> keeps.</summary>
    private const int ZonesPerPage = 100;

    private readonly Route53ApiClient _api;
    private readonly Route53Settings _settings;
    private readonly Route53ZoneCache _cache;

    public Route53ZoneFinder(Route53ApiClient api, Route53Settings settings, Route53ZoneCache cache)
    {
        _api = api;
        _settings = settings;
        _cache = cache;
    }

    public async Task<HostedZone> FindAsync(DnsName name, CancellationToken cancellationToken)
    {
        var skippedPrivate = new List<string>();
        for (var candidate = name; candidate is not null && !candidate.IsRoot; candidate = candidate.Parent)
        {
            var zones = await ZonesNamedAsync(candidate, cancellationToken);
            var chosen = Choose(candidate, zones, skippedPrivate);
            if (chosen is not null)
            {
                return new HostedZone(candidate, chosen.Id) { IsPrivate = chosen.IsPrivate };
            }
        }

        if (_settings.HostedZoneId is not null)
        {
            throw new InvalidInputException($"Hosted zone {_settings.HostedZoneId} does not enclose {name.Fqdn} (or does not exist for these credentials): give the ID of the zone that holds the server name, or leave --route53-hosted-zone-id out.");
        }

        if (skippedPrivate.Count > 0)
        {
            throw new InvalidInputException($"Only private hosted zones enclose {name.Fqdn} ({string.Join(", ", skippedPrivate)}); federation needs public DNS. Add --route53-private to use a private zone anyway.");
        }

        throw new InvalidInputException($"No Route 53 hosted zone of this account encloses {name.Fqdn}: create one, or check the credentials' account.");
    }

    private ApiHostedZone? Choose(DnsName candidate, IReadOnlyList<ApiHostedZone> zones, List<string> skippedPrivate)
    {
        if (_settings.HostedZoneId is { } wanted)
        {
            return zones.FirstOrDefault(z => string.Equals(z.Id, Route53Names.StripPrefix(wanted), StringComparison.OrdinalIgnoreCase));
        }

        var publicZones = zones.Where(z => !z.IsPrivate).ToList();
        var privateZones = zones.Where(z => z.IsPrivate).ToList();
        if (!_settings.AllowPrivate)
        {
            skippedPrivate.AddRange(privateZones.Select(z => $"{candidate.Fqdn} {z.Id}"));
        }

        var usable = _settings.AllowPrivate && privateZones.Count > 0 ? privateZones : publicZones;
        if (usable.Count > 1)
        {
            throw new InvalidInputException($"Several {(usable[0].IsPrivate ? "private" : "public")} hosted zones are named {candidate.Fqdn} ({string.Join(", ", usable.Select(z => z.Id))}): choose one with --route53-hosted-zone-id.");
        }

        return usable.Count == 1 ? usable[0] : null;
    }

    /// <summary>All hosted zones named exactly <paramref name="candidate"/> (normally one page).</summary>
    private async Task<IReadOnlyList<ApiHostedZone>> ZonesNamedAsync(DnsName candidate, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(candidate.Value) is { } cached)
        {
            return cached;
        }

        return await _cache.JoinAsync(candidate.Value, () => ListZonesNamedAsync(candidate, cancellationToken));
    }

    private async Task<IReadOnlyList<ApiHostedZone>> ListZonesNamedAsync(DnsName candidate, CancellationToken cancellationToken)
    {
        var found = new List<ApiHostedZone>();
        string? nextId = null;
        for (int page = 0; page < 100; page++)
        {
            var result = await _api.ListHostedZonesByNameAsync(candidate.Fqdn, nextId, ZonesPerPage, cancellationToken);
            if (nextId is null)
            {
                _cache.Add(candidate.Value, result);
            }

            var named = result.Zones.TakeWhile(z => z.Name == candidate.Value).ToList();
            found.AddRange(named);
            var more = result.IsTruncated && named.Count == result.Zones.Count && result.NextDnsName is not null
                && Route53Names.Normalise(result.NextDnsName) == candidate.Value;
            if (!more)
            {
                break;
            }

            nextId = result.NextHostedZoneId;
        }

        return found;
    }
}
