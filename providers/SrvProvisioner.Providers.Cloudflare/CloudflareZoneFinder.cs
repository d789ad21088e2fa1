using System.Collections.Concurrent;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.Cloudflare.Api;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// Finds the zone that holds a name: with <c>--cloudflare-zone-id</c> one <c>GET /zones/{id}</c>
/// (checked to enclose the name); otherwise <c>GET /zones?name=</c> for the name and then each
/// parent, longest first, so the most specific zone wins. Answers are kept for the run (a fleet
/// of names in one zone asks for the zone once); a failed lookup is forgotten.
/// </summary>
internal sealed class CloudflareZoneFinder
{
    private readonly CloudflareApiClient _api;
    private readonly CloudflareSettings _settings;
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ApiZone>>>> _byName = new(StringComparer.Ordinal);
    private readonly Lazy<Task<ApiZone>>? _byId;

    public CloudflareZoneFinder(CloudflareApiClient api, CloudflareSettings settings)
    {
        _api = api;
        _settings = settings;
        if (settings.ZoneId is { } id)
        {
            _byId = new Lazy<Task<ApiZone>>(() => _api.GetZoneAsync(id, CancellationToken.None));
        }
    }

    public async Task<HostedZone> FindAsync(DnsName name, CancellationToken cancellationToken)
    {
        if (_byId is not null)
        {
            var zone = await _byId.Value.WaitAsync(cancellationToken);
            var zoneName = ParseZoneName(zone);
            if (!name.IsAtOrBelow(zoneName))
            {
                throw new InvalidInputException($"Cloudflare zone {_settings.ZoneId} is {zoneName.Fqdn}, which does not hold {name.Fqdn}: give the ID of the zone that holds the server name, or leave --cloudflare-zone-id out.");
            }

            return new HostedZone(zoneName, zone.Id);
        }

        // A single label is a top-level domain: no Cloudflare account holds one as a zone.
        for (var candidate = name; candidate is not null && candidate.Labels.Count >= 2; candidate = candidate.Parent)
        {
            var zones = await ZonesNamedAsync(candidate.Value, cancellationToken);
            if (zones.Count > 1)
            {
                throw new InvalidInputException($"The token can read several Cloudflare zones named {candidate.Fqdn} ({string.Join(", ", zones.Select(z => z.Id))}): choose one with --cloudflare-zone-id.");
            }

            if (zones.Count == 1)
            {
                return new HostedZone(candidate, zones[0].Id);
            }
        }

        throw new InvalidInputException($"No Cloudflare zone that this token can read holds {name.Fqdn}: add the zone to Cloudflare, or give the token Zone → Zone → Read for it (a token without it sees no zones), or give --cloudflare-zone-id.");
    }

    private async Task<IReadOnlyList<ApiZone>> ZonesNamedAsync(string name, CancellationToken cancellationToken)
    {
        var entry = _byName.GetOrAdd(name, n => new Lazy<Task<IReadOnlyList<ApiZone>>>(() => ListAsync(n)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch
        {
            _byName.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<ApiZone>>>>(name, entry));
            throw;
        }
    }

    private async Task<IReadOnlyList<ApiZone>> ListAsync(string name)
    {
        // Shared by concurrent plans of a fleet, so not tied to one caller's cancellation;
        // each caller stops waiting on its own token.
        var zones = await _api.ListZonesAsync(name, CancellationToken.None);
        return [.. zones.Where(z => DnsName.TryParse(z.Name, out var n) && n!.Value == name)];
    }

    private DnsName ParseZoneName(ApiZone zone) =>
        DnsName.TryParse(zone.Name, out var parsed) && parsed is not null
            ? parsed
            : throw new ProviderException($"Cloudflare answered zone {_settings.ZoneId} with the name '{zone.Name}', which is not a domain name; check --cloudflare-zone-id and --cloudflare-endpoint.");
}
