using System.Globalization;
using System.Net;
using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// Resolves a server name exactly as a homeserver does (server-server API v1.8+, "Resolving
/// server names") and proves every address it lands on. Discovery runs as a dependency graph,
/// not a sequence: the well-known fetch, both SRV lookups and the base domain's address lookup
/// start together; an SRV target's A/AAAA starts when its SRV answer arrives and its probe when
/// its addresses do, while the well-known answer may still be pending. The report and verdict
/// still follow the spec's order: a valid well-known discards what the SRV path found. The
/// whole run is bounded by the timeout. One engine (one resolver, one connection pool for
/// well-known fetches, one chain verdict cache) can verify many server names concurrently.
/// </summary>
public sealed class VerifyEngine : IDisposable
{
    private readonly FederationProbe _probe;
    private readonly TimeProvider _time;

    public VerifyEngine(VerifySettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _time = time ?? TimeProvider.System;
        var dns = new DiscoveryDns(settings.ParseDnsServer(), settings.DnsQueryTimeout);
        Connector = new EndpointConnector(dns, ConnectToMap.Parse(settings.ConnectTo));
        var trust = ChainTrust.FromCaFile(settings.CaFile);

        // Off the critical path: the platform's copy of the system store (every handshake's
        // chain build reads it; it also answers system verdicts) loads while the first round
        // trips are in flight.
        trust.PrepareForHandshakes();
        Inspector = new CertificateInspector(trust, _time);
        WellKnown = new WellKnownFetcher(Connector, Inspector.Trust, settings.Timeout);
        _probe = new FederationProbe(Inspector, _time);
    }

    public VerifySettings Settings { get; }

    public EndpointConnector Connector { get; }

    public CertificateInspector Inspector { get; }

    public WellKnownFetcher WellKnown { get; }

    private DiscoveryDns Dns => Connector.Dns;

    public async Task<VerifyReport> VerifyAsync(MatrixServerName serverName, HostAndPort? expectTarget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        var log = new VerifyLog();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        run.CancelAfter(Settings.Timeout);
        using var speculation = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
        try
        {
            var outcome = await DiscoverAsync(serverName, log, run.Token, speculation);
            CheckExpectation(expectTarget, outcome.Landings, outcome.DecidedBy, log);
            try
            {
                await Task.WhenAll(outcome.Runs.Select(r => r.Completion));
            }
            finally
            {
                foreach (var landingRun in outcome.Runs)
                {
                    log.Append(landingRun.Log);
                }
            }

            ReportFailover(serverName, outcome, log);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var seconds = Settings.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            log.Fail(VerifyCheckKinds.Timeout, $"verify did not finish within {seconds}s (--timeout); the steps above are complete, the rest were cut off");
            log.Finding(Severity.Error, DiscoveryFindingCodes.Timeout, $"Verification of {serverName} did not finish within {seconds}s: a server or resolver does not answer. Raise --timeout to wait longer.");
        }

        var report = log.ToReport(serverName.Text);
        return Dns.NoAnswerAtAll is { } reason ? OfflineReport.From(report, reason) : report;
    }

    /// <summary>
    /// Why nothing could be checked: set once DNS questions were asked and no resolver sent
    /// back any answer (no network, no resolver reachable, every query timed out); null
    /// when DNS answered, however badly. Lookups through this engine so far count.
    /// </summary>
    public string? NoDnsAnswer => Dns.NoAnswerAtAll;

    /// <summary>
    /// Proves the SRV path before it exists in DNS: <paramref name="planned"/> records are
    /// resolved and probed exactly as remote homeservers will once no well-known is served
    /// (steps 4-5 of "Resolving server names"): every address of every target, TCP, TLS with
    /// SNI = server name, the certificate for the server name, the key and version endpoints.
    /// </summary>
    public async Task<VerifyReport> ProveSrvPathAsync(MatrixServerName serverName, IReadOnlyList<SrvRecord> planned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        ArgumentNullException.ThrowIfNull(planned);
        var log = new VerifyLog();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        run.CancelAfter(Settings.Timeout);
        try
        {
            var name = serverName.Host;
            var landings = planned
                .Where(r => !r.Target.IsRoot)
                .Select(r => new Landing(r.Target.Value, r.Port, false, name, name, name) { SrvTarget = r.Target.Value })
                .DistinctBy(l => l.Destination)
                .ToList();
            if (landings.Count == 0)
            {
                log.Fail(VerifyCheckKinds.Discovery, "the planned SRV records have only the target \".\": \"service not available\" (RFC 2782)");
                log.Finding(Severity.Error, DiscoveryFindingCodes.SrvNoService, $"The planned SRV records say federation is not available at {name} (target \".\").");
            }
            else
            {
                log.Pass(VerifyCheckKinds.Discovery, $"planned SRV records -> {string.Join(", ", landings.Select(l => l.Destination))}; connect there with Host and SNI {name}; the certificate must be valid for {name}, not for the target");
                var runs = landings.Select(l => Start(serverName, l, run.Token)).ToList();
                try
                {
                    await Task.WhenAll(runs.Select(r => r.Completion));
                }
                finally
                {
                    foreach (var landingRun in runs)
                    {
                        log.Append(landingRun.Log);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var seconds = Settings.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            log.Fail(VerifyCheckKinds.Timeout, $"the proof did not finish within {seconds}s (--timeout); the steps above are complete, the rest were cut off");
            log.Finding(Severity.Error, DiscoveryFindingCodes.Timeout, $"The proof for {serverName} did not finish within {seconds}s: a server or resolver does not answer. Raise --timeout to wait longer.");
        }

        return log.ToReport(serverName.Text);
    }

    public void Dispose() => WellKnown.Dispose();

    private static async Task ObserveAsync(IEnumerable<Task> tasks)
    {
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or IOException)
        {
            // A discarded speculation: its outcome is not part of the report.
        }
    }

    private LandingRun Start(MatrixServerName serverName, Landing landing, CancellationToken cancellationToken)
    {
        var landingLog = new VerifyLog();
        return new LandingRun(landing, landingLog, ProbeLandingAsync(serverName, landing, landingLog, cancellationToken));
    }

    private async Task<DiscoveryOutcome> DiscoverAsync(MatrixServerName name, VerifyLog log, CancellationToken cancellationToken, CancellationTokenSource speculation)
    {
        if (name.IsIpLiteral)
        {
            var port = name.Port ?? MatrixServerName.DefaultPort;
            log.Pass(VerifyCheckKinds.ServerName, $"{name} is an IP literal (step 1): connect to it on port {port}, Host {name.Text}, no SNI, certificate for {name.Host}");
            var landing = new Landing(name.Host, port, true, null, name.Text, name.Host);
            return new([landing], "step 1 (IP literal)", [Start(name, landing, cancellationToken)]);
        }

        if (name.Port is { } explicitPort)
        {
            log.Pass(VerifyCheckKinds.ServerName, $"{name} has an explicit port (step 2): no well-known, no SRV; A/AAAA of {name.Host}, Host {name.Text}, SNI and certificate {name.Host}");
            var landing = new Landing(name.Host, explicitPort, false, name.Host, name.Text, name.Host);
            return new([landing], "step 2 (explicit port)", [Start(name, landing, cancellationToken)]);
        }

        var host = DnsName.ParseHostName(name.Host);
        log.Pass(VerifyCheckKinds.ServerName, $"{name} is a host name without a port: well-known first (step 3), then SRV (steps 4-5), then A/AAAA on 8448 (step 6); DNS through {Dns.Source}");

        // Steps 3-5 start together (the well-known fetch looks up the base domain's address
        // itself); the SRV path runs ahead speculatively and is judged only after step 3.
        var wellKnownTask = WellKnown.FetchAsync(name, cancellationToken);
        var fedTask = Dns.LookupSrvAsync(MatrixSrvNames.Fed(host), cancellationToken);
        var legacyTask = Dns.LookupSrvAsync(MatrixSrvNames.Legacy(host), cancellationToken);
        var srvPath = SrvPathAsync(name, host, host.Value, fedTask, legacyTask, string.Empty, speculation.Token);
        var wellKnown = await wellKnownTask;
        var chain = wellKnown.RedirectChain.Count > 0 ? $" [{string.Join(" | ", wellKnown.RedirectChain)}]" : string.Empty;
        if (!wellKnown.IsValid)
        {
            log.Pass(VerifyCheckKinds.WellKnown, $"{wellKnown.Url}: {wellKnown.Reason}, so SRV decides{chain}");
            var decided = await srvPath;
            log.Append(decided.Log);
            return new(decided.Landings, decided.DecidedBy, decided.Runs);
        }

        // Step 3 decides: whatever the SRV path found or is still probing is discarded.
        await speculation.CancelAsync();
        _ = ObserveAsync([srvPath.ContinueWith(t => t.IsCompletedSuccessfully ? ObserveAsync(t.Result.Runs.Select(r => r.Completion)) : t, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap()]);
        var delegated = wellKnown.Delegated!;
        log.Pass(VerifyCheckKinds.WellKnown, $"{wellKnown.Url}: {wellKnown.Reason}, served by {wellKnown.ServedBy}; it takes precedence over SRV records (step 3 decides){chain}");
        var delegatedLog = new VerifyLog();
        var delegatedTask = DelegatedAsync(name, delegated, delegatedLog, cancellationToken);
        var baseSrv = await Task.WhenAll(fedTask, legacyTask);
        var ignored = baseSrv.Where(s => s.Outcome == LookupOutcome.Found).Select(s => s.Name.Fqdn).ToList();
        var srvNote = ignored.Count > 0 ? $" The SRV records at {string.Join(" and ", ignored)} are ignored while it is served." : string.Empty;
        log.Finding(
            Severity.Warning,
            DiscoveryFindingCodes.WellKnownServed,
            $"{wellKnown.Url} is served (m.server: {delegated}) by {wellKnown.ServedBy}: well-known takes precedence over SRV.{srvNote} For SRV delegation remove it from that server. Evidence: {string.Join(" | ", wellKnown.RedirectChain)}");
        var outcome = await delegatedTask;
        log.Append(delegatedLog);
        return outcome;
    }

    /// <summary>Step 3's sub-steps: the delegated name is resolved with the same rules, certificate and Host for the delegated host.</summary>
    private async Task<DiscoveryOutcome> DelegatedAsync(MatrixServerName serverName, MatrixServerName delegated, VerifyLog log, CancellationToken cancellationToken)
    {
        if (delegated.IsIpLiteral)
        {
            var port = delegated.Port ?? MatrixServerName.DefaultPort;
            log.Pass(VerifyCheckKinds.Discovery, $"step 3: well-known delegates to the IP literal {delegated}: port {port}, Host {delegated.Text}, no SNI");
            var landing = new Landing(delegated.Host, port, true, null, delegated.Text, delegated.Host);
            return new([landing], "step 3 (well-known)", [Start(serverName, landing, cancellationToken)]);
        }

        if (delegated.Port is { } explicitPort)
        {
            log.Pass(VerifyCheckKinds.Discovery, $"step 3: well-known delegates to {delegated} with an explicit port: A/AAAA of {delegated.Host}, Host {delegated.Text}, SNI and certificate {delegated.Host}");
            var landing = new Landing(delegated.Host, explicitPort, false, delegated.Host, delegated.Text, delegated.Host);
            return new([landing], "step 3 (well-known)", [Start(serverName, landing, cancellationToken)]);
        }

        var host = DnsName.ParseHostName(delegated.Host);
        var fed = Dns.LookupSrvAsync(MatrixSrvNames.Fed(host), cancellationToken);
        var legacy = Dns.LookupSrvAsync(MatrixSrvNames.Legacy(host), cancellationToken);
        var path = await SrvPathAsync(serverName, host, host.Value, fed, legacy, "step 3 (well-known), then ", cancellationToken);
        log.Append(path.Log);
        return new(path.Landings, path.DecidedBy, path.Runs);
    }

    /// <summary>
    /// Steps 4-6 for <paramref name="host"/> (Host, SNI and certificate <paramref name="requiredName"/>):
    /// the targets of <c>_matrix-fed._tcp</c> are probed as soon as its answer has records,
    /// without waiting for <c>_matrix._tcp</c>, which only adds evidence then.
    /// </summary>
    private async Task<SrvPathResult> SrvPathAsync(MatrixServerName serverName, DnsName host, string requiredName, Task<SrvLookup> fedTask, Task<SrvLookup> legacyTask, string via, CancellationToken cancellationToken)
    {
        var fed = await fedTask;
        IReadOnlyList<LandingRun>? early = null;
        if (fed.Outcome == LookupOutcome.Found)
        {
            early = [.. SrvSteps.LandingsOf(fed, requiredName).Select(l => Start(serverName, l, cancellationToken))];
        }

        var legacy = await legacyTask;
        var log = new VerifyLog();
        var (landings, decidedBy) = SrvSteps.Judge(host, requiredName, fed, legacy, via, log);
        var runs = early ?? [.. landings.Select(l => Start(serverName, l, cancellationToken))];
        return new SrvPathResult(log, landings, decidedBy, runs);
    }

    /// <summary>
    /// Several SRV targets: RFC 2782 clients (Synapse among them) try the next record when the
    /// preferred target cannot be reached; servers that take only the first record (Conduit and
    /// its forks) do not. A dead target is one where no address completed a TLS handshake.
    /// </summary>
    private static void ReportFailover(MatrixServerName serverName, DiscoveryOutcome outcome, VerifyLog log)
    {
        if (!outcome.FromSrv || outcome.Runs.Count < 2)
        {
            return;
        }

        static bool Dead(LandingRun r) => !r.Log.Checks.Any(c => c.Name.StartsWith(VerifyCheckKinds.Tls + " ", StringComparison.Ordinal) && c.Status == CheckStatus.Pass);
        static string Why(LandingRun r) => r.Log.Checks.FirstOrDefault(c => c.Status == CheckStatus.Fail) is { } f ? $"{f.Name}: {f.Detail}" : "no address answered";
        static string Name(LandingRun r) => $"{r.Landing.Destination} (priority {r.Landing.Priority})";

        var preferred = outcome.Runs[0];
        var others = outcome.Runs.Skip(1).ToList();
        var live = others.Where(r => !r.Log.HasFailures).ToList();
        var deadOthers = others.Where(Dead).ToList();
        if (Dead(preferred))
        {
            var reach = live.Count > 0
                ? $"go on to {Name(live[0])}, which passes every check"
                : others.Any(r => !Dead(r)) ? $"go on to {Name(others.First(r => !Dead(r)))}, which answers but fails checks" : "find no live target either";
            log.Fail(VerifyCheckKinds.SrvFailover, $"the preferred target {Name(preferred)} is dead ({Why(preferred)}); servers that fail over (RFC 2782, Synapse) {reach}; servers that take only the first record (Conduit and its forks) do not fail over");
            log.Finding(Severity.Error, DiscoveryFindingCodes.SrvPreferredTargetDead, $"The preferred SRV target of {serverName} is dead: {Name(preferred)}, {Why(preferred)}. Servers that fail over to the next record (RFC 2782, Synapse) {reach}; servers that take only the first record (Conduit and its forks) do not fail over and cannot reach {serverName}. Bring it back or remove its SRV record.");
            return;
        }

        if (deadOthers.Count > 0)
        {
            var names = string.Join(", ", deadOthers.Select(Name));
            log.Fail(VerifyCheckKinds.SrvFailover, $"the preferred target {Name(preferred)} is live, but {names} is dead ({Why(deadOthers[0])}); servers that fail over reach it only when the preferred fails; servers that take only the first record land on it whenever DNS lists it first");
            log.Finding(Severity.Warning, DiscoveryFindingCodes.SrvTargetDead, $"The SRV target {names} of {serverName} is dead ({Why(deadOthers[0])}): servers that take only the first record of the answer (Conduit and its forks) fail whenever DNS lists it first. Bring it back or remove its SRV record.");
            return;
        }

        log.Pass(VerifyCheckKinds.SrvFailover, $"{outcome.Runs.Count} targets, none dead: servers that fail over (RFC 2782, Synapse) and servers that take only the first record (Conduit and its forks) both reach a live one");
    }

    private static void CheckExpectation(HostAndPort? expected, IReadOnlyList<Landing> landings, string decidedBy, VerifyLog log)
    {
        if (expected is null)
        {
            return;
        }

        var lands = landings.Count == 0 ? "nowhere" : string.Join(", ", landings.Select(l => l.Destination));
        var want = new HostAndPort(CertificateNameMatcher.Normalize(expected.Host), expected.Port);
        if (landings.Any(l => l.Destination == want))
        {
            log.Pass(VerifyCheckKinds.ExpectTarget, $"discovery lands on {lands} (decided by {decidedBy})");
            return;
        }

        log.Fail(VerifyCheckKinds.ExpectTarget, $"discovery lands on {lands} (decided by {decidedBy}), not on {want}");
        log.Finding(Severity.Error, DiscoveryFindingCodes.ExpectTargetMismatch, $"Remote homeservers land on {lands}, decided by {decidedBy}, not on the expected {want}.");
    }

    private async Task ProbeLandingAsync(MatrixServerName serverName, Landing landing, VerifyLog log, CancellationToken cancellationToken)
    {
        var destination = landing.Destination.ToString();
        var (_, _, rule) = Connector.ConnectTo.Resolve(landing.Host, landing.Port);
        ProbeTarget TargetAt(IPEndPoint endpoint) =>
            // The key response must name the whole server name, port included (example.com:8448),
            // as homeservers' key fetchers compare it.
            new(endpoint, landing.Sni, landing.HostHeader, landing.CertificateName, serverName.Text)
            {
                SrvTarget = landing.SrvTarget,
                Destination = rule is null ? destination : $"{destination} via --connect-to",
            };

        // Addresses the SRV answer carried as additional data: their TCP and TLS handshakes run
        // while the target's own A/AAAA lookup is in flight, which takes that lookup's round trip
        // off the critical path. Only a connection to an address the lookup then lists is used.
        var early = new Dictionary<IPEndPoint, EarlyConnection>();
        if (rule is null && !landing.IsIpLiteral)
        {
            foreach (var address in landing.AddressHints)
            {
                var endpoint = new IPEndPoint(address, landing.Port);
                early[endpoint] = EarlyConnection.Start(TargetAt(endpoint), cancellationToken);
            }
        }

        try
        {
            var endpoints = await LandingEndPointsAsync(landing, destination, rule, log, cancellationToken);
            if (endpoints.Count == 0)
            {
                return;
            }

            var targets = endpoints.Select(TargetAt).ToList();
            var children = targets.Select(_ => new VerifyLog()).ToList();
            try
            {
                await Task.WhenAll(targets.Select((t, i) => _probe.ProbeAsync(t, children[i], cancellationToken, early.Remove(t.EndPoint, out var started) ? started.Keep() : null)));
            }
            finally
            {
                foreach (var child in children)
                {
                    log.Append(child);
                }
            }
        }
        finally
        {
            foreach (var unused in early.Values)
            {
                unused.Discard();
            }
        }
    }

    /// <summary>
    /// The endpoints to probe for <paramref name="landing"/> (its A/AAAA answer, or where
    /// --connect-to sends it), with the address and CNAME checks; none when the lookup failed.
    /// </summary>
    private async Task<IReadOnlyList<IPEndPoint>> LandingEndPointsAsync(Landing landing, string destination, ConnectToRule? rule, VerifyLog log, CancellationToken cancellationToken)
    {
        if (landing.IsIpLiteral)
        {
            return (await Connector.ResolveAsync(landing.Host, landing.Port, cancellationToken)).EndPoints;
        }

        // With a --connect-to rule the connection does not wait for the evidence lookup.
        var redirected = rule is null ? null : Connector.ResolveAsync(landing.Host, landing.Port, cancellationToken);
        var lookup = await Dns.LookupAddressesAsync(DnsName.Parse(landing.Host), cancellationToken);
        var addressCheck = $"{VerifyCheckKinds.Addresses} {landing.Host}";
        if (landing.SrvTarget is not null && lookup.Outcome != LookupOutcome.Error)
        {
            var cnameCheck = $"{VerifyCheckKinds.SrvTargetCname} {landing.Host}";
            if (lookup.CnameTo is { } alias)
            {
                log.Fail(cnameCheck, $"{landing.Host} is a CNAME to {alias.Fqdn}; RFC 2782 requires an SRV target to have its own A/AAAA records");
                log.Finding(Severity.Error, FindingCodes.TargetIsCname, $"The SRV target {landing.Host} is a CNAME (to {alias.Fqdn}): RFC 2782 forbids that; Synapse tolerates it, other homeservers do not. Point the SRV record at {alias.Value} or give {landing.Host} its own A/AAAA records.");
            }
            else
            {
                log.Pass(cnameCheck, "not an alias");
            }
        }

        if (rule is not null)
        {
            log.Skip(addressCheck, $"DNS: {lookup.Detail}; not used: --connect-to {rule} sends {destination} elsewhere");
            return (await redirected!).EndPoints;
        }

        if (lookup.Outcome == LookupOutcome.Error)
        {
            log.Fail(addressCheck, lookup.Detail);
            log.Finding(Severity.Error, DiscoveryFindingCodes.DnsLookupFailed, $"The address lookup of {landing.Host} failed ({lookup.Detail}): remote homeservers cannot connect.");
            return [];
        }

        if (lookup.Outcome == LookupOutcome.NoRecords)
        {
            log.Fail(addressCheck, lookup.Detail);
            log.Finding(Severity.Error, DiscoveryFindingCodes.TargetNoAddress, $"{landing.Host} has no A or AAAA record: remote homeservers cannot connect.");
            return [];
        }

        log.Pass(addressCheck, lookup.Detail);
        return [.. lookup.Addresses.Select(a => new IPEndPoint(a, landing.Port))];
    }
}
