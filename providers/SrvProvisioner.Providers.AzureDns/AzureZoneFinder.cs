using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.AzureDns.Api;

namespace SrvProvisioner.Providers.AzureDns;

/// <summary>
/// Finds the zone that encloses a name. With <c>--azure-resource-group</c> and
/// <c>--azure-zone</c> that is one GET of the zone. Otherwise ARM has no "zone by name" query,
/// so the zones of the subscription (or of the resource group) are listed once per provider
/// and kept: a fleet run of thousands of domains pays for the listing once, not per domain.
/// The longest enclosing name wins; a name that exists in several resource groups needs
/// <c>--azure-resource-group</c>. Legacy private zones (<c>zoneType: Private</c>) are skipped:
/// federation needs public DNS.
/// </summary>
internal sealed class AzureZoneFinder
{
    private readonly ArmDnsClient _api;
    private readonly AzureDnsSettings _settings;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<ArmZone>? _zones;

    public AzureZoneFinder(ArmDnsClient api, AzureDnsSettings settings)
    {
        _api = api;
        _settings = settings;
    }

    public async Task<HostedZone> FindAsync(DnsName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_settings.Zone is { } given && !name.IsAtOrBelow(given))
        {
            throw new InvalidInputException($"--azure-zone {given.Fqdn} does not enclose {name.Fqdn}: give the zone that holds the server name, or leave --azure-zone out.");
        }

        if (_settings.ResourceGroup is { } group && _settings.Zone is { } zoneName)
        {
            var zone = await _api.GetZoneAsync(group, zoneName.Value, cancellationToken)
                ?? throw new InvalidInputException($"No DNS zone {zoneName.Fqdn} in resource group {group} of subscription {_settings.SubscriptionId}: check --azure-zone and --azure-resource-group.");
            return new HostedZone(zone.Name, zone.Id);
        }

        var zones = await ZonesAsync(cancellationToken);
        var enclosing = zones
            .Where(z => !z.IsPrivate && name.IsAtOrBelow(z.Name) && (_settings.Zone is null || z.Name == _settings.Zone))
            .GroupBy(z => z.Name)
            .OrderByDescending(g => g.Key.Labels.Count)
            .FirstOrDefault();
        if (enclosing is null)
        {
            throw new InvalidInputException(_settings.Zone is { } wanted
                ? $"No public DNS zone {wanted.Fqdn} in {Scope}: check --azure-zone, --azure-resource-group and --azure-subscription."
                : $"No public Azure DNS zone in {Scope} encloses {name.Fqdn}: create one, or check --azure-subscription and --azure-resource-group.");
        }

        var found = enclosing.ToList();
        if (found.Count > 1)
        {
            throw new InvalidInputException($"DNS zone {enclosing.Key.Fqdn} exists in several resource groups ({string.Join(", ", found.Select(z => z.ResourceGroup).Order(StringComparer.OrdinalIgnoreCase))}): choose one with --azure-resource-group.");
        }

        return new HostedZone(found[0].Name, found[0].Id);
    }

    private string Scope => _settings.ResourceGroup is { } group
        ? $"resource group {group} of subscription {_settings.SubscriptionId}"
        : $"subscription {_settings.SubscriptionId}";

    /// <summary>The listing, fetched once; a failed listing is not kept, so the next domain tries again.</summary>
    private async Task<IReadOnlyList<ArmZone>> ZonesAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _zones ??= await _api.ListZonesAsync(_settings.ResourceGroup, _settings.ZonePageSize, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
