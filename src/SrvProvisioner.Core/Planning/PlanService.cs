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
    private readonly ProviderCapabilities _capabilities;
    private readonly ProviderReference _providerReference;
    private readonly ITargetLookup _targetLookup;
    private readonly IConfigPlanner? _configPlanner;
    private readonly IReadOnlyList<IPlanCheck> _checks;
    private readonly TimeProvider _time;

    /// <param name="provider">Reads the zone.</param>
    /// <param name="capabilities">The provider's, from its factory: <see cref="ProviderCapabilities.MeteredReads"/> makes the plan ask DNS first.</param>
    /// <param name="providerReference">Recorded in the plan so that apply talks to the same place.</param>
    /// <param name="targetLookup">DNS lookups of SRV targets.</param>
    /// <param name="configPlanner">Plans the homeserver config edits, or null for none.</param>
    /// <param name="checks">Extra checks (e.g. --check-live) whose findings join the plan's.</param>
    /// <param name="time">The plan's timestamp.</param>
    public PlanService(
        IDnsProvider provider,
        ProviderCapabilities capabilities,
        ProviderReference providerReference,
        ITargetLookup targetLookup,
        IConfigPlanner? configPlanner = null,
        IReadOnlyList<IPlanCheck>? checks = null,
        TimeProvider? time = null)
    {
        _provider = provider;
        _capabilities = capabilities;
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

        // Out-of-zone targets are looked up through DNS while the provider reads.
        var outOfZoneLookups = targets.Except(inZone).Select(t => _targetLookup.LookupAsync(t, cancellationToken)).ToList();
        var configTask = PlanConfigAsync(request, cancellationToken);
        var checkTasks = _checks
            .Where(c => c.AppliesTo(request))
            .Select(c => c is IConfigAwarePlanCheck aware ? aware.RunAsync(request, configTask, cancellationToken) : c.RunAsync(request, cancellationToken))
            .ToList();

        var (read, observations) = _capabilities.HasFlag(ProviderCapabilities.MeteredReads)
            ? await ReadDnsFirstAsync(zone, delegation.ServerName, inZone, cancellationToken)
            : await ReadTogetherAsync(zone, delegation.ServerName, inZone, cancellationToken);
        var observedSrv = read.Where(s => !inZone.Contains(s.Name)).ToList();
        observations.AddRange(await Task.WhenAll(outOfZoneLookups));

        var (desired, adjusted) = await AdjustAsync(zone, delegation, observedSrv, cancellationToken);
        var dnsPlan = DnsPlanner.Plan(delegation, observedSrv, observations, desired);
        var providerFindings = _provider is IProviderPlanReview review ? review.Review(delegation, zone, read) : [];
        var config = await configTask;
        var checkFindings = (await Task.WhenAll(checkTasks)).SelectMany(f => f);

        return new Plan(
            delegation,
            _providerReference,
            zone,
            observedSrv,
            dnsPlan.Changes,
            config.Files,
            [.. adjusted, .. dnsPlan.Findings, .. providerFindings, .. config.Findings, .. checkFindings],
            _time.GetUtcNow());
    }

    /// <summary>
    /// For a provider that adjusts what it stores (<see cref="IRecordSetAdjuster"/>): asks it how
    /// it would store the sets that differ from what it holds now, wants that instead, and says
    /// so in a finding (a TTL raised to the provider's minimum is info; other data is a warning,
    /// because the provider would publish something other than what was asked for).
    /// </summary>
    private async Task<(IReadOnlyDictionary<DnsName, RecordSet>? Desired, IReadOnlyList<Finding> Findings)> AdjustAsync(HostedZone zone, DelegationRequest delegation, IReadOnlyList<RecordSet> observed, CancellationToken cancellationToken)
    {
        if (_provider is not IRecordSetAdjuster adjuster)
        {
            return (null, []);
        }

        var wanted = delegation.SrvNames
            .Select(delegation.DesiredAt)
            .Where(w => observed.FirstOrDefault(s => s.Key == w.Key) is not { } current || !current.Matches(w))
            .ToList();
        if (wanted.Count == 0)
        {
            return (null, []);
        }

        var stored = await adjuster.AdjustAsync(zone, wanted, cancellationToken);
        var desired = new Dictionary<DnsName, RecordSet>();
        var findings = new List<Finding>();
        foreach (var (asked, adjusted) in wanted.Zip(stored))
        {
            desired[asked.Name] = adjusted;
            if (!adjusted.Matches(asked))
            {
                findings.Add(new Finding(
                    adjusted.HasSameData(asked) ? Severity.Info : Severity.Warning,
                    FindingCodes.ProviderAdjusted,
                    $"The provider stores {asked.Name.Fqdn} SRV as {string.Join(", ", adjusted.Values)} TTL {adjusted.Ttl} (asked: {string.Join(", ", asked.Values)} TTL {asked.Ttl}); the plan writes what it stores."));
            }
        }

        return (desired, findings);
    }

    /// <summary>One provider read: the delegation's names and the in-zone targets' own sets.</summary>
    private async Task<(IReadOnlyList<RecordSet> Read, List<TargetObservation> Targets)> ReadTogetherAsync(HostedZone zone, DnsName serverName, IReadOnlyList<DnsName> inZone, CancellationToken cancellationToken)
    {
        var keys = DnsPlanner.KeysToRead(serverName).Concat(inZone.SelectMany(TargetKeys)).ToList();
        var read = await _provider.GetRecordSetsAsync(zone, keys, cancellationToken);
        return (read, [.. inZone.Select(t => ObserveInZone(t, read, zone))]);
    }

    /// <summary>
    /// For providers whose reads are rate-limited API calls: the delegation's names are read
    /// while DNS is asked for the in-zone targets. A target that DNS serves with addresses and
    /// no alias needs nothing more; any other answer (no address, a CNAME, NXDOMAIN for a zone
    /// not yet served, a failed lookup) is settled by reading the zone's own sets, so a finding
    /// about a target always rests on the zone's data.
    /// </summary>
    private async Task<(IReadOnlyList<RecordSet> Read, List<TargetObservation> Targets)> ReadDnsFirstAsync(HostedZone zone, DnsName serverName, IReadOnlyList<DnsName> inZone, CancellationToken cancellationToken)
    {
        var delegationRead = _provider.GetRecordSetsAsync(zone, [.. DnsPlanner.KeysToRead(serverName)], cancellationToken);
        var dns = await Task.WhenAll(inZone.Select(t => _targetLookup.LookupAsync(t, cancellationToken)));
        var confirmed = dns.Where(o => o.LookupError is null && o.CnameTo is null && o.Addresses.Count > 0).ToList();
        var unsettled = inZone.Where(t => confirmed.All(o => o.Target != t)).ToList();
        var read = (await delegationRead).ToList();
        var observations = confirmed.ToList();
        if (unsettled.Count > 0)
        {
            var targetRead = await _provider.GetRecordSetsAsync(zone, [.. unsettled.SelectMany(TargetKeys)], cancellationToken);
            read.AddRange(targetRead);
            observations.AddRange(unsettled.Select(t => ObserveInZone(t, targetRead, zone)));
        }

        return (read, observations);
    }

    private static IEnumerable<RecordSetKey> TargetKeys(DnsName target) => [new(target, RecordType.Cname), new(target, RecordType.A), new(target, RecordType.Aaaa)];

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
