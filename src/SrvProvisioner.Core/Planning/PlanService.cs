using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Planning;

/// <summary>
/// Reads what is there (provider, DNS, config files) and computes a <see cref="Plan"/>.
/// A plan that cannot be computed completely throws: nothing partial is ever returned.
/// </summary>
public sealed class PlanService
{
    private readonly IDnsProvider _provider;
    private readonly ProviderReference _providerReference;
    private readonly ITargetLookup _targetLookup;
    private readonly IConfigPlanner? _configPlanner;
    private readonly IReadOnlyList<IPlanCheck> _checks;
    private readonly TimeProvider _time;

    public PlanService(
        IDnsProvider provider,
        ProviderReference providerReference,
        ITargetLookup targetLookup,
        IConfigPlanner? configPlanner = null,
        IReadOnlyList<IPlanCheck>? checks = null,
        TimeProvider? time = null)
    {
        _provider = provider;
        _providerReference = providerReference;
        _targetLookup = targetLookup;
        _configPlanner = configPlanner;
        _checks = checks ?? [];
        _time = time ?? TimeProvider.System;
    }

    public async Task<Plan> PlanAsync(PlanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var delegation = request.Delegation;
        var zone = await _provider.FindZoneAsync(delegation.ServerName, cancellationToken);
        if (!delegation.ServerName.IsAtOrBelow(zone.Name))
        {
            throw new InvalidInputException($"Zone {zone.Name.Fqdn} does not enclose {delegation.ServerName.Fqdn}: give the zone that holds the server name.");
        }

        var targets = delegation.Records.Select(r => r.Target).Distinct().ToList();
        var inZone = targets.Where(t => t.IsAtOrBelow(zone.Name)).ToList();
        var keys = DnsPlanner.KeysToRead(delegation.ServerName)
            .Concat(inZone.SelectMany(t => new RecordSetKey[] { new(t, RecordType.Cname), new(t, RecordType.A), new(t, RecordType.Aaaa) }))
            .ToList();

        // Out-of-zone targets are looked up through DNS while the provider reads.
        var outOfZoneLookups = targets.Except(inZone).Select(t => _targetLookup.LookupAsync(t, cancellationToken)).ToList();
        var configTask = PlanConfigAsync(request, cancellationToken);
        var checkTasks = _checks.Where(c => c.AppliesTo(request)).Select(c => c.RunAsync(request, cancellationToken)).ToList();

        var read = await _provider.GetRecordSetsAsync(zone, keys, cancellationToken);
        var observedSrv = read.Where(s => !inZone.Contains(s.Name)).ToList();
        var observations = inZone.Select(t => ObserveInZone(t, read, zone)).ToList();
        observations.AddRange(await Task.WhenAll(outOfZoneLookups));

        var dnsPlan = DnsPlanner.Plan(delegation, observedSrv, observations);
        var config = await configTask;
        var checkFindings = (await Task.WhenAll(checkTasks)).SelectMany(f => f);

        return new Plan(
            delegation,
            _providerReference,
            zone,
            observedSrv,
            dnsPlan.Changes,
            config.Files,
            [.. dnsPlan.Findings, .. config.Findings, .. checkFindings],
            _time.GetUtcNow());
    }

    private async Task<ConfigPlanResult> PlanConfigAsync(PlanRequest request, CancellationToken cancellationToken)
    {
        if (request.ConfigFiles.Count == 0)
        {
            return new ConfigPlanResult([], []);
        }

        if (_configPlanner is null)
        {
            throw new InvalidInputException("This build cannot check config files (--config).");
        }

        return await _configPlanner.PlanAsync(request.Delegation.ServerName, request.ConfigFiles, cancellationToken);
    }

    private static TargetObservation ObserveInZone(DnsName target, IReadOnlyList<RecordSet> read, HostedZone zone)
    {
        var source = $"zone {zone.Name.Fqdn}";
        var cname = read.FirstOrDefault(s => s.Name == target && s.Type == RecordType.Cname);
        if (cname is not null)
        {
            return new TargetObservation(target, source) { CnameTo = DnsName.Parse(cname.Values[0]) };
        }

        var addresses = read
            .Where(s => s.Name == target && s.Type is RecordType.A or RecordType.Aaaa)
            .SelectMany(s => s.Values)
            .ToList();
        return new TargetObservation(target, source) { Addresses = addresses };
    }
}
