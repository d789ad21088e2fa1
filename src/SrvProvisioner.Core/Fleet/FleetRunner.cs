using System.Collections.Concurrent;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Migration;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Fleet;

/// <summary>
/// Plans and applies a whole fleet. One provider instance per provider block, shared by all
/// its domains, so its rate limiter and connections pace the whole account. Domains run
/// <c>parallel</c> at a time; one domain's failure never stops the others. Apply batches
/// the changes of domains that share a zone into one provider call (one Route 53 change
/// batch, one INSYNC wait); a batch that fails is retried domain by domain so that only the
/// domain at fault fails. Apply gates every domain exactly as one apply does
/// (<see cref="StagedApplyService"/>): the proof before a stage that makes the SRV path live,
/// the wait for every authoritative server before a config change; a refused domain never
/// stops the others.
/// </summary>
public sealed class FleetRunner : IAsyncDisposable
{
    /// <summary>Domains per provider call: keeps a Route 53 batch under its 1,000-record limit.</summary>
    public const int MaxDomainsPerBatch = 100;

    private readonly FleetFile _fleet;
    private readonly Func<FleetProviderBlock, (IDnsProvider Provider, ProviderCapabilities Capabilities, ProviderReference Reference)> _createProvider;
    private readonly ITargetLookup _targetLookup;
    private readonly IConfigPlanner? _configPlanner;
    private readonly int _parallel;
    private readonly IProgress<FleetProgress>? _progress;
    private readonly MigrationSettings _migration;
    private readonly Lazy<VerifyEngine> _engine;
    private readonly ConcurrentDictionary<string, Lazy<(IDnsProvider Provider, ProviderCapabilities Capabilities, ProviderReference Reference)>> _providers = new(StringComparer.Ordinal);
    private int _done;
    private int _changed;
    private int _failed;

    /// <summary>
    /// Provider types whose zone is a local file: their propagation is checked only when the
    /// zone's name servers answer, as for one apply.
    /// </summary>
    public Func<string, bool> PropagationOptional { get; init; } = _ => false;

    public FleetRunner(
        FleetFile fleet,
        Func<FleetProviderBlock, (IDnsProvider Provider, ProviderCapabilities Capabilities, ProviderReference Reference)> createProvider,
        ITargetLookup targetLookup,
        IConfigPlanner? configPlanner,
        MigrationSettings migration,
        int parallel,
        IProgress<FleetProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(migration);
        _migration = migration;
        _engine = new(() => new VerifyEngine(migration.Verify), LazyThreadSafetyMode.ExecutionAndPublication);
        _fleet = fleet;
        _createProvider = createProvider;
        _targetLookup = targetLookup;
        _configPlanner = configPlanner;
        _parallel = Math.Max(1, parallel);
        _progress = progress;
    }

    public async Task<IReadOnlyList<FleetDomainResult>> PlanAsync(CancellationToken cancellationToken)
    {
        Reset();
        var results = new FleetDomainResult[_fleet.Domains.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, _fleet.Domains.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _parallel, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                results[i] = await PlanOneAsync(_fleet.Domains[i], ct);
                Report(results[i]);
            });
        return results;
    }

    public async Task<IReadOnlyList<FleetDomainResult>> ApplyAsync(CancellationToken cancellationToken)
    {
        var planned = await PlanAsync(cancellationToken);
        Reset();
        var results = planned.ToArray();
        var index = planned.Select((r, i) => (r, i)).ToDictionary(x => x.r.Domain, x => x.i);
        foreach (var r in planned.Where(r => r.Outcome is not FleetOutcome.Pending))
        {
            Report(r);
        }

        var blocked = planned.Where(r => r.Outcome == FleetOutcome.Pending && r.Plan!.BlockingFindings.Any()).ToList();
        foreach (var r in blocked)
        {
            results[index[r.Domain]] = r with { Outcome = FleetOutcome.Failed, Error = "refused: " + string.Join(" ", r.Plan!.BlockingFindings.Select(f => f.Message)) };
            Report(results[index[r.Domain]]);
        }

        // Each domain's gate, as one apply's: the well-known now, and the proof when a stage
        // would make the SRV path live. Domains whose DNS write is refused, or that have no DNS
        // change, finish on their own; the others are written in batches.
        var gated = new ConcurrentDictionary<FleetDomain, MigrationGate>();
        var finishedEarly = new ConcurrentBag<Task>();
        await Parallel.ForEachAsync(
            planned.Where(r => r.Outcome == FleetOutcome.Pending && !blocked.Contains(r)),
            new ParallelOptions { MaxDegreeOfParallelism = _parallel, CancellationToken = cancellationToken },
            async (r, ct) =>
            {
                try
                {
                    var gate = await Staged(r).GateAsync(r.Plan!, _engine.Value, rereadDns: false, ct);
                    if (gate.Plan.DnsChanges.Count > 0 && gate.DnsAllowed)
                    {
                        gated[r.Domain] = gate;
                        return;
                    }

                    finishedEarly.Add(RecordOneAsync(FinishAsync(r, gate, StagedApplyService.DnsNotWritten(gate), cancellationToken)));
                }
                catch (SrvProvisionerException ex)
                {
                    results[index[r.Domain]] = r with { Outcome = FleetOutcome.Failed, Error = ex.Message };
                    Report(results[index[r.Domain]]);
                }
            });

        var batches = planned
            .Where(r => gated.ContainsKey(r.Domain))
            .GroupBy(r => (r.Domain.Provider, r.Plan!.Zone.Id))
            .SelectMany(g => g.Chunk(MaxDomainsPerBatch))
            .ToList();

        // A batch holds its slot while it is written; its propagation wait (Route 53's INSYNC,
        // about a minute on AWS) and the config edits after it run outside the slots, so
        // --parallel bounds the writes in flight, not the waits.
        var finishing = new ConcurrentBag<Task>();
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = _parallel, CancellationToken = cancellationToken },
            async (batch, _) =>
            {
                // The run's own token, not the loop's: the wait outlives this iteration.
                var completion = await SubmitBatchAsync(batch, gated, cancellationToken);
                finishing.Add(RecordAsync(completion));
            });
        await Task.WhenAll(finishing.Concat(finishedEarly));
        return results;

        async Task RecordOneAsync(Task<FleetDomainResult> completion)
        {
            var result = await completion;
            results[index[result.Domain]] = result;
            Report(result);
        }

        async Task RecordAsync(Task<IReadOnlyList<FleetDomainResult>> completion)
        {
            foreach (var result in await completion)
            {
                results[index[result.Domain]] = result;
                Report(result);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine.IsValueCreated)
        {
            _engine.Value.Dispose();
        }

        foreach (var lazy in _providers.Values.Where(l => l.IsValueCreated))
        {
            await lazy.Value.Provider.DisposeAsync();
        }
    }

    private async Task<FleetDomainResult> PlanOneAsync(FleetDomain domain, CancellationToken cancellationToken)
    {
        try
        {
            var (provider, capabilities, reference) = Provider(domain.Provider);
            var service = new PlanService(provider, capabilities, reference, _targetLookup, _configPlanner);
            var plan = await service.PlanAsync(new PlanRequest(domain.Delegation) { ConfigFiles = domain.ConfigFiles }, cancellationToken);
            return new FleetDomainResult(domain, plan.HasChanges ? FleetOutcome.Pending : FleetOutcome.Unchanged) { Plan = plan };
        }
        catch (SrvProvisionerException ex)
        {
            return new FleetDomainResult(domain, FleetOutcome.Failed) { Error = ex.Message };
        }
    }

    /// <summary>
    /// Writes one batch; the task it returns completes with the batch's results once the
    /// provider's propagation wait and the config edits are done (already complete when the
    /// write failed or went domain by domain).
    /// </summary>
    private async Task<Task<IReadOnlyList<FleetDomainResult>>> SubmitBatchAsync(FleetDomainResult[] batch, IReadOnlyDictionary<FleetDomain, MigrationGate> gates, CancellationToken cancellationToken)
    {
        var provider = Provider(batch[0].Domain.Provider).Provider;
        var zone = batch[0].Plan!.Zone;
        var changes = batch.SelectMany(r => r.Plan!.DnsChanges).ToList();
        if (changes.Count > 0)
        {
            // The plan was read moments ago and every provider writes conditionally on it, so
            // the batch goes straight to the provider without ApplyService's re-read.
            try
            {
                var submitted = await provider.SubmitAsync(zone, changes, cancellationToken);
                return CompleteBatchAsync(batch, gates, submitted.Propagation, cancellationToken);
            }
            catch (PartialApplyException ex) when (batch.Length > 1)
            {
                // The provider stopped midway (a non-atomic provider, or a batch the provider
                // had to split in parts): the domains it wrote completely carry on to their
                // config edits, the others fail with what happened; a rerun converges.
                return CompletePartialBatchAsync(batch, gates, ex, cancellationToken);
            }
            catch (SrvProvisionerException ex) when (batch.Length == 1 || ex is PartialApplyException)
            {
                // One domain: its own error.
                return Task.FromResult<IReadOnlyList<FleetDomainResult>>([.. batch.Select(r => r with { Outcome = FleetOutcome.Failed, Error = ex.Message })]);
            }
            catch (SrvProvisionerException)
            {
                // An atomic batch changed nothing: find the domain at fault by going one by one.
            }
        }

        var results = new List<FleetDomainResult>();
        foreach (var r in batch)
        {
            var gate = gates[r.Domain];
            try
            {
                await new ApplyService(provider, _configPlanner).ApplyAsync(r.Plan! with { ConfigFiles = [] }, cancellationToken);
            }
            catch (SrvProvisionerException ex)
            {
                results.Add(r with { Outcome = FleetOutcome.Failed, Error = ex.Message });
                continue;
            }

            results.Add(await FinishAsync(r, gate, StagedApplyService.DnsWritten(gate), cancellationToken));
        }

        return Task.FromResult<IReadOnlyList<FleetDomainResult>>(results);
    }

    private async Task<IReadOnlyList<FleetDomainResult>> CompletePartialBatchAsync(FleetDomainResult[] batch, IReadOnlyDictionary<FleetDomain, MigrationGate> gates, PartialApplyException ex, CancellationToken cancellationToken)
    {
        var results = new List<FleetDomainResult>();
        foreach (var r in batch)
        {
            var gate = gates[r.Domain];
            var written = r.Plan!.DnsChanges.All(c => ex.Applied.Contains(c));
            results.Add(written ? await FinishAsync(r, gate, StagedApplyService.DnsWritten(gate), cancellationToken) : r with { Outcome = FleetOutcome.Failed, Error = ex.Message });
        }

        return results;
    }

    /// <summary>After an accepted write: the provider's own wait (Route 53's INSYNC), then each domain's propagation and config stages.</summary>
    private async Task<IReadOnlyList<FleetDomainResult>> CompleteBatchAsync(FleetDomainResult[] batch, IReadOnlyDictionary<FleetDomain, MigrationGate> gates, Task propagation, CancellationToken cancellationToken)
    {
        try
        {
            await propagation;
        }
        catch (SrvProvisionerException ex)
        {
            // Written but not confirmed (e.g. still PENDING at the wait's end): the message says
            // that it completes on its own; the config files stay untouched until a rerun.
            return [.. batch.Select(r => r with { Outcome = FleetOutcome.Failed, Error = ex.Message })];
        }

        return await Task.WhenAll(batch.Select(r => FinishAsync(r, gates[r.Domain], StagedApplyService.DnsWritten(gates[r.Domain]), cancellationToken)));
    }

    /// <summary>One domain's propagation and config stages, after its dns stage; a refused stage makes it <see cref="FleetOutcome.Refused"/>.</summary>
    private async Task<FleetDomainResult> FinishAsync(FleetDomainResult r, MigrationGate gate, StageReport dnsStage, CancellationToken cancellationToken)
    {
        MigrationOutcome outcome;
        try
        {
            outcome = await Staged(r).FinishAsync(gate, dnsStage, cancellationToken);
        }
        catch (SrvProvisionerException ex)
        {
            var prefix = dnsStage.Status == StageStatus.Done ? "DNS applied, config not: " : string.Empty;
            return r with { Outcome = FleetOutcome.Failed, Error = prefix + ex.Message };
        }

        var refused = outcome.Stages.FirstOrDefault(s => s.Status == StageStatus.Refused);
        if (refused is null)
        {
            return r with { Outcome = FleetOutcome.Applied, Migration = outcome };
        }

        // The first refused stage says why: the proof failed (its dns and config refusals
        // follow from it), or propagation did not complete (config refused because of it).
        var by = refused.Name == StageNames.Propagation || (refused.Name == StageNames.Config && outcome.Stage(StageNames.Propagation).Status == StageStatus.Refused)
            ? StageNames.Propagation
            : StageNames.Proof;
        return r with { Outcome = FleetOutcome.Refused, Migration = outcome, RefusedBy = by };
    }

    private StagedApplyService Staged(FleetDomainResult r)
    {
        var block = _fleet.Providers.Single(b => b.Name == r.Domain.Provider);
        return new StagedApplyService(Provider(r.Domain.Provider).Provider, _configPlanner, _migration) { PropagationOptional = PropagationOptional(block.Type) };
    }

    private (IDnsProvider Provider, ProviderCapabilities Capabilities, ProviderReference Reference) Provider(string blockName)
    {
        var lazy = _providers.GetOrAdd(blockName, name => new Lazy<(IDnsProvider, ProviderCapabilities, ProviderReference)>(
            () => _createProvider(_fleet.Providers.Single(b => b.Name == name)),
            LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    private void Reset()
    {
        _done = 0;
        _changed = 0;
        _failed = 0;
    }

    private void Report(FleetDomainResult result)
    {
        var done = Interlocked.Increment(ref _done);
        if (result.Outcome is FleetOutcome.Pending or FleetOutcome.Applied)
        {
            Interlocked.Increment(ref _changed);
        }
        else if (result.Outcome is FleetOutcome.Failed or FleetOutcome.Refused)
        {
            Interlocked.Increment(ref _failed);
        }

        _progress?.Report(new FleetProgress(_fleet.Domains.Count, done, Volatile.Read(ref _changed), Volatile.Read(ref _failed)));
    }
}
