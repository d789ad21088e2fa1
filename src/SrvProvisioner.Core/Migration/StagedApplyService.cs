using System.Globalization;
using System.Net;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Migration.Propagation;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Migration;

/// <summary>
/// Applies a plan in stages, proof → dns → propagation → config, and never makes the SRV path
/// the live path unless the proof of that path passed just before (shared/reference
/// matrix-delegation.md, "Migrating safely"). The SRV path is live exactly when no valid
/// well-known is served, so config changes (they switch a well-known off) are always gated,
/// and DNS changes are gated while no well-known is served (or that cannot be told). Config
/// changes also wait until every authoritative server serves the planned SRV sets. Writing
/// goes through <see cref="ApplyService"/>, which refuses a stale plan.
/// </summary>
public sealed class StagedApplyService(IDnsProvider provider, IConfigPlanner? configPlanner, MigrationSettings settings, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Set by the composition root for providers whose zone is a local file: propagation is then checked only when the zone's name servers answer.</summary>
    public bool PropagationOptional { get; init; }

    public async Task<MigrationOutcome> ApplyAsync(Plan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var engine = new VerifyEngine(settings.Verify, _time);

        // A stale DNS set is an error (exit 1) before the proof, as it is for config files.
        var gate = await GateAsync(plan, engine, rereadDns: true, cancellationToken);
        if (plan.DnsChanges.Count == 0 || !gate.DnsAllowed)
        {
            return await FinishAsync(gate, DnsNotWritten(gate), cancellationToken);
        }

        // What ApplyService does for DNS (the gate refused blocking findings already), split so
        // that a signal during the re-read is the plain cancel (nothing sent) and one during the
        // write is told apart by reading the sets back.
        await new ApplyService(provider, configPlanner).VerifyDnsUnchangedAsync(plan, cancellationToken);
        var dnsStage = DnsWritten(gate);
        try
        {
            await provider.ApplyAsync(plan.Zone, plan.DnsChanges, cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ProviderException && cancellationToken.IsCancellationRequested)
        {
            // The signal came while the write was in flight: the provider stopped waiting (or,
            // as ARSoft's update does, waited out its own timeout). If the write landed anyway
            // (an RFC 2136 update sent before its answer came back), from here on it is a
            // cancel after DNS; if nothing changed, the provider's own word stands.
            if (!await DnsLandedAsync(plan))
            {
                throw;
            }
        }

        try
        {
            return await FinishAsync(gate, dnsStage, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM after the DNS write (during the propagation wait, or before the
            // config stage began): the outcome says what was written instead of an error that
            // reads as if nothing was (issue 17: "after the atomic step, the truth is reported").
            return CancelledAfterDns(gate, dnsStage);
        }
    }

    /// <summary>
    /// The outcome of a run cancelled after its DNS write: the DNS sets are written, no
    /// config file was (the config stage writes all its files once begun, see
    /// <see cref="FinishAsync"/>), and the stages after dns say they were cut short.
    /// </summary>
    public static MigrationOutcome CancelledAfterDns(MigrationGate gate, StageReport dnsStage)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(dnsStage);
        var files = gate.ConfigFiles;
        var live = gate.WellKnownServed
            ? $"the served well-known ({gate.WellKnown!.Url}) stays on and shadows the SRV records"
            : "the SRV records are live while the settings that serve a conflicting well-known are still on";
        var propagation = files.Count == 0 || !gate.ProofOk
            ? new StageReport(StageNames.Propagation, StageStatus.NotNeeded, "no config change waits for it")
            : new StageReport(StageNames.Propagation, StageStatus.Skipped, "not finished: cancelled (Ctrl-C or SIGTERM) before every authoritative server was seen serving the SRV records");
        var config = files.Count == 0
            ? new StageReport(StageNames.Config, StageStatus.NotNeeded, "no config change planned")
            : !gate.ProofOk
            ? new StageReport(StageNames.Config, StageStatus.Refused, "not written: the well-known stays on because the proof failed")
            : new StageReport(StageNames.Config, StageStatus.Skipped, $"not run: cancelled (Ctrl-C or SIGTERM) after the dns stage; {string.Join(", ", files.Select(f => f.Path))} left unchanged, so {live}");
        return new MigrationOutcome([gate.ProofStage, dnsStage, propagation, config])
        {
            Proof = gate.Proof,
            ProofSkipped = gate.ProofStage.Status == StageStatus.Skipped,
            WellKnownNow = gate.WellKnownNow,
            DnsWritten = true,
            Cancelled = true,
        };
    }

    /// <summary>
    /// Everything before the first write: refuses blocking findings and stale config files
    /// (and, with <paramref name="rereadDns"/>, stale DNS sets: a fleet's plans were read
    /// moments before and its providers write conditionally), fetches the well-known to tell
    /// which stages are gated, and runs the proof when one is.
    /// </summary>
    public async Task<MigrationGate> GateAsync(Plan plan, VerifyEngine engine, bool rereadDns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(engine);
        var blocking = plan.BlockingFindings.ToList();
        if (blocking.Count > 0)
        {
            throw new InvalidInputException("Refusing to apply: " + string.Join(" ", blocking.Select(f => f.Message)));
        }

        var server = plan.ServerName.Value;
        var configFiles = plan.ConfigFiles.Where(f => f.Changes.Count > 0).ToList();
        if (configFiles.Count > 0)
        {
            if (configPlanner is null)
            {
                throw new InvalidInputException("This build cannot apply config file changes.");
            }

            // A stale config file is an error before anything happens, not after the DNS stage.
            await configPlanner.VerifyUnchangedAsync(configFiles, cancellationToken);
        }

        if (rereadDns)
        {
            await new ApplyService(provider, configPlanner).VerifyDnsUnchangedAsync(plan, cancellationToken);
        }

        // With --skip-proof and no config change the answer changes nothing (no proof to gate,
        // no cache window to report): a fleet of thousands is not slowed by a fetch per domain.
        var fetch = !(settings.SkipProof && configFiles.Count == 0);
        var wellKnown = fetch ? await FetchWellKnownAsync(engine, server, cancellationToken) : null;
        var served = wellKnown is { IsValid: true };
        var dnsGated = plan.DnsChanges.Count > 0 && !served;
        var configGated = configFiles.Count > 0;
        var wellKnownNow = !fetch
            ? $"whether https://{server}/.well-known/matrix/server is served was not fetched (--skip-proof, no config change; assumed not)"
            : wellKnown is null
            ? $"whether https://{server}/.well-known/matrix/server is served could not be told (assumed not)"
            : served ? $"{wellKnown.Url} is served ({wellKnown.Reason})" : $"{wellKnown.Url}: {wellKnown.Reason}";

        // Stage 1: proof.
        StageReport proofStage;
        VerifyReport? proof = null;
        if (!dnsGated && !configGated)
        {
            proofStage = new(StageNames.Proof, StageStatus.NotNeeded, plan.DnsChanges.Count == 0
                ? "nothing to make live"
                : $"{wellKnownNow} and stays served: the DNS changes are shadowed by it, so they do not make the SRV path live");
        }
        else if (settings.SkipProof)
        {
            proofStage = new(StageNames.Proof, StageStatus.Skipped, "--skip-proof: the SRV path goes live WITHOUT proof that remote servers can reach it");
        }
        else
        {
            proof = await SrvPathProof.RunAsync(engine, plan.ServerName, plan.Request.Records, settings.CertificateFile, cancellationToken);
            var failed = proof.Checks.Where(c => c.Status == CheckStatus.Fail).ToList();
            proofStage = failed.Count == 0
                ? new(StageNames.Proof, StageStatus.Done, $"the planned SRV path works: {proof.Checks.Count(c => c.Status == CheckStatus.Pass)} checks passed")
                : new(StageNames.Proof, StageStatus.Refused, $"{failed.Count} check(s) failed: {string.Join("; ", failed.Select(c => c.Name))}");
        }

        return new MigrationGate(plan, configFiles, proofStage)
        {
            WellKnown = wellKnown,
            WellKnownNow = wellKnownNow,
            DnsGated = dnsGated,
            Proof = proof,
        };
    }

    /// <summary>The dns stage when nothing was written: nothing to write, or refused by the gate.</summary>
    public static StageReport DnsNotWritten(MigrationGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return gate.Plan.DnsChanges.Count == 0
            ? new(StageNames.Dns, StageStatus.NotNeeded, "the SRV sets already hold the planned records")
            : new(StageNames.Dns, StageStatus.Refused, $"not written: {gate.WellKnownNow}, so the SRV records would be live at once, and the proof failed");
    }

    /// <summary>The dns stage after the plan's DNS changes were written.</summary>
    public static StageReport DnsWritten(MigrationGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var why = gate.DnsGated ? "live now" : "shadowed by the served well-known until it is switched off";
        return new(StageNames.Dns, StageStatus.Done, $"{gate.Plan.DnsChanges.Count} record set change(s) written to zone {gate.Plan.Zone.Name.Fqdn} ({why})");
    }

    /// <summary>
    /// After the dns stage: waits for every authoritative server before any config change
    /// relies on the SRV records, then writes the config changes unless a stage before refused.
    /// </summary>
    public async Task<MigrationOutcome> FinishAsync(MigrationGate gate, StageReport dnsStage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(dnsStage);
        var plan = gate.Plan;
        var configFiles = gate.ConfigFiles;
        var proofOk = gate.ProofOk;
        var dnsWritten = dnsStage.Status == StageStatus.Done;

        // Stage 3: propagation, before any config change relies on it.
        var configAllowed = configFiles.Count > 0 && proofOk;
        var propagationStage = configAllowed
            ? await WaitForPropagationAsync(plan, cancellationToken)
            : new(StageNames.Propagation, StageStatus.NotNeeded, configFiles.Count == 0 ? "no config change waits for it" : "no config change will be made (the proof failed)");

        // Stage 4: config.
        StageReport configStage;
        DateTimeOffset? oldPathUntil = null;
        var configWritten = false;
        IReadOnlyList<ConfigFileWrite> writtenFiles = [];
        if (configFiles.Count == 0)
        {
            configStage = new(StageNames.Config, StageStatus.NotNeeded, "no config change planned");
        }
        else if (!proofOk)
        {
            configStage = new(StageNames.Config, StageStatus.Refused, "not written: the well-known stays on because the proof failed");
        }
        else if (propagationStage.Status == StageStatus.Refused)
        {
            configStage = new(StageNames.Config, StageStatus.Refused, "not written: the well-known stays on until every authoritative server serves the SRV records");
        }
        else
        {
            // The config stage is one step: a signal before it stops the run here (nothing of it
            // written); once it has begun it runs to its end (local atomic replaces, the proxy
            // checker bounded by its own limit), so the outcome names exactly the files written.
            cancellationToken.ThrowIfCancellationRequested();
            writtenFiles = await new ApplyService(provider, configPlanner).ApplyAsync(plan with { DnsChanges = [] }, CancellationToken.None);
            configWritten = true;
            var detail = $"{plan.ConfigChangeCount} setting(s) changed in {configFiles.Count} file(s) (backups beside them)";
            if (gate.WellKnown is { IsValid: true } wellKnown)
            {
                var until = _time.GetUtcNow() + CacheWindow.Lifetime(wellKnown, _time.GetUtcNow());
                oldPathUntil = new DateTimeOffset(until.Ticks - (until.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
                detail += $"; remote servers may use the old well-known answer until {oldPathUntil.Value.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}: keep {wellKnown.Delegated} serving federation until then";
            }

            configStage = new(StageNames.Config, StageStatus.Done, detail);
        }

        return new MigrationOutcome([gate.ProofStage, dnsStage, propagationStage, configStage])
        {
            Proof = gate.Proof,
            ProofSkipped = gate.ProofStage.Status == StageStatus.Skipped,
            OldPathServedUntil = oldPathUntil,
            WellKnownNow = gate.WellKnownNow,
            DnsWritten = dnsWritten,
            ConfigWritten = configWritten,
            WrittenFiles = writtenFiles,
        };
    }

    /// <summary>
    /// After a cancel during the DNS write: reads the planned sets back (bounded by
    /// <c>--timeout</c>, the run's token is already cancelled). True when every set holds the
    /// plan's records; false when none was changed (then nothing was written and the cancel is
    /// the plain one); anything else cannot be reported truthfully as either, so it is an error
    /// that says so. A fleet asks it per domain of a batch cut short (<c>FleetRunner</c>).
    /// </summary>
    public async Task<bool> DnsLandedAsync(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var timeout = new CancellationTokenSource(settings.Verify.Timeout);
        IReadOnlyList<Dns.RecordSet> now;
        try
        {
            now = await provider.GetRecordSetsAsync(plan.Zone, [.. plan.DnsChanges.Select(c => c.Key)], timeout.Token);
        }
        catch (Exception ex) when (ex is SrvProvisionerException or OperationCanceledException)
        {
            throw new ProviderException($"Cancelled (Ctrl-C or SIGTERM) while the DNS changes were being sent to zone {plan.Zone.Name.Fqdn}, and reading them back failed ({ex.Message}): whether they were written cannot be told. Run 'srvprov plan' with the same options to see the state.", ex);
        }

        static bool Holds(Dns.RecordSet? expected, Dns.RecordSet? actual) => (expected, actual) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            var (e, a) => e.Matches(a),
        };

        Dns.RecordSet? Current(RecordSetChange change) => now.FirstOrDefault(s => s.Key == change.Key);
        if (plan.DnsChanges.All(c => Holds(c.After, Current(c))))
        {
            return true;
        }

        if (plan.DnsChanges.All(c => Holds(c.Before, Current(c))))
        {
            return false;
        }

        throw new ProviderException($"Cancelled (Ctrl-C or SIGTERM) while the DNS changes were being sent to zone {plan.Zone.Name.Fqdn}: some of {string.Join(", ", plan.DnsChanges.Select(c => c.Key.Name.Fqdn).Distinct())} hold the planned records and some do not. Run 'srvprov plan' with the same options to see the state.");
    }

    /// <summary>The same fetch as <c>--check-live</c>; null when it cannot be told (then no well-known is assumed, so DNS is gated too).</summary>
    private async Task<WellKnownResult?> FetchWellKnownAsync(VerifyEngine engine, string server, CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        run.CancelAfter(settings.Verify.Timeout);
        try
        {
            var result = await engine.WellKnown.FetchAsync(new MatrixServerName(server, null, false), run.Token);

            // A failed connection or TLS handshake says nothing about what remote servers see.
            return result.StatusCode is null ? null : result;
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<StageReport> WaitForPropagationAsync(Plan plan, CancellationToken cancellationToken)
    {
        var delegation = plan.Request;
        var expected = delegation.SrvNames
            .Select(n => ExpectedRecordSet.From(new(n, Dns.RecordType.Srv), delegation.DesiredAt(n)))
            .Concat(plan.DnsChanges.Where(c => !delegation.SrvNames.Contains(c.Key.Name)).Select(c => ExpectedRecordSet.From(c.Key, c.After)))
            .ToList();
        var sources = new List<IPEndPoint>();
        if (await provider.GetQueryServerAsync(cancellationToken) is { } own)
        {
            sources.Add(own);
        }

        if (settings.Verify.DnsServer is { } given)
        {
            sources.Add(DnsServerAddress.Parse(given));
        }
        else
        {
            sources.AddRange(ARSoft.Tools.Net.Dns.DnsClient.GetLocalConfiguredDnsServers().Select(a => new IPEndPoint(a, 53)));
        }

        var queryTimeout = settings.Verify.DnsQueryTimeout;
        var (servers, error) = await new AuthoritativeServerFinder(sources, queryTimeout).FindAsync(plan.Zone.Name, cancellationToken);
        if (error is not null)
        {
            return PropagationOptional
                ? new(StageNames.Propagation, StageStatus.Skipped, $"not checked: the zone's name servers do not answer ({error}); the zone file is written, make every name server of {plan.Zone.Name.Fqdn} load it before remote servers rely on the SRV records")
                : new(StageNames.Propagation, StageStatus.Refused, $"the authoritative servers of {plan.Zone.Name.Fqdn} could not be found ({error}), so it cannot be told that they serve the SRV records");
        }

        var result = await new PropagationWaiter(queryTimeout, settings.PropagationPollInterval, _time).WaitAsync(servers, expected, settings.PropagationTimeout, cancellationToken);
        var seconds = result.Waited.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        if (result.Complete)
        {
            return new(StageNames.Propagation, StageStatus.Done, $"all {servers.Count} authoritative server(s) serve the planned SRV sets ({string.Join(", ", servers)}) after {seconds}s");
        }

        var lagging = string.Join("; ", result.Lagging.Select(l => $"{l.Server} {l.Detail}"));
        return new(StageNames.Propagation, StageStatus.Refused, $"after {seconds}s (--propagation-timeout) still lagging: {lagging}");
    }
}
