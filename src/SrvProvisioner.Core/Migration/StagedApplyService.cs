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

        await new ApplyService(provider, configPlanner).ApplyAsync(plan with { ConfigFiles = [] }, cancellationToken);
        return await FinishAsync(gate, DnsWritten(gate), cancellationToken);
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
            writtenFiles = await new ApplyService(provider, configPlanner).ApplyAsync(plan with { DnsChanges = [] }, cancellationToken);
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
