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
/// stops the others. A cancel (Ctrl-C, SIGTERM) stops new work as one apply does: no new
/// batch is written and no new config stage begins, a write in flight is read back, a config
/// stage already begun runs to its end, and every domain still gets its result
/// (<see cref="FleetOutcome.Cancelled"/> says what was written), so the run reports the truth
/// (issue 17: "after the atomic step, the truth is reported").
/// </summary>
public sealed class FleetRunner : IAsyncDisposable
{
    /// <summary>Domains per provider call: keeps a Route 53 batch under its 1,000-record limit.</summary>
    public const int MaxDomainsPerBatch = 100;

    /// <summary>The note of a cancelled domain whose DNS sets were written (its stages say which stages did not run).</summary>
    public const string DnsWrittenNote = "DNS written, config not run: cancelled (Ctrl-C or SIGTERM)";

    /// <summary>The note of a cancelled domain for which nothing was written.</summary>
    public const string NotStartedNote = "not started: cancelled (Ctrl-C or SIGTERM); nothing written";

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
        var results = new FleetDomainResult?[_fleet.Domains.Count];
        await PlanEachAsync(results, cancellationToken);
        return results!;
    }

    public async Task<IReadOnlyList<FleetDomainResult>> ApplyAsync(CancellationToken cancellationToken)
    {
        var planning = new FleetDomainResult?[_fleet.Domains.Count];
        try
        {
            await PlanEachAsync(planning, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Planning writes nothing: every domain not yet planned is reported as not started.
        }

        IReadOnlyList<FleetDomainResult> planned = [.. planning.Select((r, i) => r ?? NotStarted(new FleetDomainResult(_fleet.Domains[i], FleetOutcome.Pending)))];
        Reset();
        var results = planned.ToArray();
        if (cancellationToken.IsCancellationRequested)
        {
            return [.. results.Select(r => r.Outcome == FleetOutcome.Pending ? NotStarted(r) : r)];
        }

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
        var finishing = new ConcurrentBag<Task>();
        try
        {
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
                // The zone's name too: an RFC 2136 zone's id is its server's address, and one
                // UPDATE names one zone (RFC 2136 §2.3), so zones on one server are batched apart.
                .GroupBy(r => (r.Domain.Provider, r.Plan!.Zone.Id, r.Plan.Zone.Name))
                .SelectMany(g => g.Chunk(MaxDomainsPerBatch))
                .ToList();

            // A batch holds its slot while it is written; its propagation wait (Route 53's INSYNC,
            // about a minute on AWS) and the config edits after it run outside the slots, so
            // --parallel bounds the writes in flight, not the waits.
            await Parallel.ForEachAsync(
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = _parallel, CancellationToken = cancellationToken },
                async (batch, _) =>
                {
                    // The run's own token, not the loop's: the wait outlives this iteration. A
                    // cancel never escapes it: a batch cut short returns what it wrote.
                    var completion = await SubmitBatchAsync(batch, gated, cancellationToken);
                    finishing.Add(RecordAsync(completion));
                });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: no new gate, batch or config stage starts (the gates write
            // nothing); what already runs ends below with its truthful result.
        }

        await Task.WhenAll(finishing.Concat(finishedEarly));
        if (cancellationToken.IsCancellationRequested)
        {
            // Gated or waiting for a batch slot when the signal came: nothing written for it.
            for (var i = 0; i < results.Length; i++)
            {
                if (results[i].Outcome == FleetOutcome.Pending)
                {
                    results[i] = NotStarted(results[i]);
                    Report(results[i]);
                }
            }
        }

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

    private async Task PlanEachAsync(FleetDomainResult?[] results, CancellationToken cancellationToken)
    {
        Reset();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, _fleet.Domains.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _parallel, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var result = await PlanOneAsync(_fleet.Domains[i], ct);
                results[i] = result;
                Report(result);
            });
    }

    private static FleetDomainResult NotStarted(FleetDomainResult r) =>
        r with { Outcome = FleetOutcome.Cancelled, Error = NotStartedNote, Migration = null, RefusedBy = null };

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
        if (cancellationToken.IsCancellationRequested)
        {
            // Its slot came after the signal: no new write begins.
            return Task.FromResult<IReadOnlyList<FleetDomainResult>>([.. batch.Select(NotStarted)]);
        }

        if (changes.Count > 0)
        {
            // The plan was read moments ago and every provider writes conditionally on it, so
            // the batch goes straight to the provider without ApplyService's re-read.
            try
            {
                var submitted = await provider.SubmitAsync(zone, changes, cancellationToken);
                return CompleteBatchAsync(batch, gates, submitted.Propagation, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ProviderException or PartialApplyException && cancellationToken.IsCancellationRequested)
            {
                // The signal came while the batch was in flight: as one apply does, each domain's
                // sets are read back to tell written from not written.
                return Task.FromResult<IReadOnlyList<FleetDomainResult>>(await Task.WhenAll(batch.Select(r => AfterCancelledWriteAsync(r, gates[r.Domain], ex, cancellationToken))));
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

        // Written one by one in the slot; each written domain's propagation wait and config
        // stage run outside it, as after a batch (a domain waiting for a lagging server must
        // not hold back the writes of the next batches, nor their cancel).
        var results = new List<Task<FleetDomainResult>>();
        foreach (var r in batch)
        {
            var gate = gates[r.Domain];
            if (cancellationToken.IsCancellationRequested)
            {
                results.Add(Task.FromResult(NotStarted(r)));
                continue;
            }

            try
            {
                await new ApplyService(provider, _configPlanner).ApplyAsync(r.Plan! with { ConfigFiles = [] }, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ProviderException && cancellationToken.IsCancellationRequested)
            {
                results.Add(Task.FromResult(await AfterCancelledWriteAsync(r, gate, ex, cancellationToken)));
                continue;
            }
            catch (SrvProvisionerException ex)
            {
                results.Add(Task.FromResult(r with { Outcome = FleetOutcome.Failed, Error = ex.Message }));
                continue;
            }

            results.Add(FinishAsync(r, gate, StagedApplyService.DnsWritten(gate), cancellationToken));
        }

        return AllAsync(results);
    }

    private static async Task<IReadOnlyList<FleetDomainResult>> AllAsync(IReadOnlyList<Task<FleetDomainResult>> results) => await Task.WhenAll(results);

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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The provider accepted the batch; the signal cut its wait short.
            return [.. batch.Select(r => CancelledAfterDns(r, gates[r.Domain]))];
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cut short in the propagation wait or before the config stage began (a begun one
            // runs to its end): no config file was written.
            return dnsStage.Status == StageStatus.Done ? CancelledAfterDns(r, gate) : NotStarted(r);
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

    /// <summary>A domain whose DNS sets were written and whose later stages a cancel stopped: one apply's cancelled outcome.</summary>
    private static FleetDomainResult CancelledAfterDns(FleetDomainResult r, MigrationGate gate) =>
        r with { Outcome = FleetOutcome.Cancelled, Error = DnsWrittenNote, Migration = StagedApplyService.CancelledAfterDns(gate, StagedApplyService.DnsWritten(gate)) };

    /// <summary>
    /// After a cancel during a domain's DNS write: its sets read back tell written (it goes on
    /// as any written domain, whose stages the cancel stops) from not written; a read-back
    /// that cannot tell fails the domain with a message that says so.
    /// </summary>
    private async Task<FleetDomainResult> AfterCancelledWriteAsync(FleetDomainResult r, MigrationGate gate, Exception cause, CancellationToken cancellationToken)
    {
        bool landed;
        try
        {
            landed = await Staged(r).DnsLandedAsync(r.Plan!);
        }
        catch (ProviderException ex)
        {
            return r with { Outcome = FleetOutcome.Failed, Error = ex.Message };
        }

        if (landed)
        {
            return await FinishAsync(r, gate, StagedApplyService.DnsWritten(gate), cancellationToken);
        }

        // Nothing changed: a cancel is "not started"; a provider error under it keeps its own word.
        return cause is OperationCanceledException ? NotStarted(r) : r with { Outcome = FleetOutcome.Failed, Error = cause.Message };
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
        else if (result.Outcome is FleetOutcome.Failed or FleetOutcome.Refused or FleetOutcome.Cancelled)
        {
            Interlocked.Increment(ref _failed);
        }

        _progress?.Report(new FleetProgress(_fleet.Domains.Count, done, Volatile.Read(ref _changed), Volatile.Read(ref _failed)));
    }
}
