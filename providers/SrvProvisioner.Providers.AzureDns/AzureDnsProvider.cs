using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.AzureDns.Api;

namespace SrvProvisioner.Providers.AzureDns;

/// <summary>
/// Azure DNS through Azure Resource Manager. Reads each wanted record set with one GET (404 =
/// absent) and keeps its ETag as <see cref="RecordSet.Version"/>; applies changes one set at a
/// time, each conditional on that ETag (<see cref="AzureChangeApplier"/>). Safe to share across
/// the domains of a fleet run: the zone listing is cached under a lock and everything else is
/// per call.
/// </summary>
internal sealed class AzureDnsProvider : IDnsProvider
{
    private readonly ArmDnsClient _api;
    private readonly AzureDnsSettings _settings;
    private readonly AzureZoneFinder _zones;
    private readonly AzureChangeApplier _applier;

    public AzureDnsProvider(ArmDnsClient api, AzureDnsSettings settings)
    {
        _api = api;
        _settings = settings;
        _zones = new AzureZoneFinder(api, settings);
        _applier = new AzureChangeApplier(api, settings);
    }



    public Task<HostedZone> FindZoneAsync(DnsName name, CancellationToken cancellationToken) =>
        Guard(() => _zones.FindAsync(name, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(HostedZone zone, IReadOnlyList<RecordSetKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(keys);
        return Guard(
            async () =>
            {
                // A handful of GETs (SRV and CNAME at two names, the target's addresses): sent
                // together; the read limiter paces them when many domains run.
                var sets = await Task.WhenAll(keys.Distinct().Select(k => _api.GetRecordSetAsync(zone.Id, zone.Name, k, cancellationToken)));
                return (IReadOnlyList<RecordSet>)[.. sets.OfType<RecordSet>()];
            },
            cancellationToken);
    }

    public Task ApplyAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken) =>
        _applier.ApplyAsync(zone, changes, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _api.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not SrvProvisionerException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw AzureErrorTranslator.Translate(ex, _settings);
        }
    }
}
