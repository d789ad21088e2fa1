using System.Globalization;
using System.Net;
using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// Resolves a server name exactly as a homeserver does (server-server API v1.8+, "Resolving
/// server names") and proves every address it lands on. Independent lookups and probes run
/// concurrently; the whole run is bounded by the timeout. One engine (one resolver, one
/// connection pool for well-known fetches) can verify many server names concurrently.
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
        var server = settings.DnsServer is null ? null : DnsServerAddress.Parse(settings.DnsServer);
        var dns = new DiscoveryDns(server, TimeSpan.FromTicks(Math.Min(settings.Timeout.Ticks, TimeSpan.FromSeconds(5).Ticks)));
        Connector = new EndpointConnector(dns, ConnectToMap.Parse(settings.ConnectTo));
        Inspector = new CertificateInspector(ChainTrust.FromCaFile(settings.CaFile), _time);
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
        try
        {
            var (landings, decidedBy) = await DiscoverAsync(serverName, log, run.Token);
            CheckExpectation(expectTarget, landings, decidedBy, log);
            await ProbeAllAsync(serverName, landings, log, run.Token);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var seconds = Settings.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            log.Fail(VerifyCheckKinds.Timeout, $"verify did not finish within {seconds}s (--timeout); the steps above are complete, the rest were cut off");
            log.Finding(Severity.Error, DiscoveryFindingCodes.Timeout, $"Verification of {serverName} did not finish within {seconds}s: a server or resolver does not answer. Raise --timeout to wait longer.");
        }

        return log.ToReport(serverName.Text);
    }

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
                await ProbeAllAsync(serverName, landings, log, run.Token);
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

    private async Task<(IReadOnlyList<Landing> Landings, string DecidedBy)> DiscoverAsync(MatrixServerName name, VerifyLog log, CancellationToken cancellationToken)
    {
        if (name.IsIpLiteral)
        {
            var port = name.Port ?? MatrixServerName.DefaultPort;
            log.Pass(VerifyCheckKinds.ServerName, $"{name} is an IP literal (step 1): connect to it on port {port}, Host {name.Text}, no SNI, certificate for {name.Host}");
            return ([new Landing(name.Host, port, true, null, name.Text, name.Host)], "step 1 (IP literal)");
        }

        if (name.Port is { } explicitPort)
        {
            log.Pass(VerifyCheckKinds.ServerName, $"{name} has an explicit port (step 2): no well-known, no SRV; A/AAAA of {name.Host}, Host {name.Text}, SNI and certificate {name.Host}");
            return ([new Landing(name.Host, explicitPort, false, name.Host, name.Text, name.Host)], "step 2 (explicit port)");
        }

        var host = DnsName.ParseHostName(name.Host);
        log.Pass(VerifyCheckKinds.ServerName, $"{name} is a host name without a port: well-known first (step 3), then SRV (steps 4-5), then A/AAAA on 8448 (step 6); DNS through {Dns.Source}");

        // Steps 3-5 are independent lookups: run them together, judge them in the spec's order.
        var wellKnownTask = WellKnown.FetchAsync(name, cancellationToken);
        var fedTask = Dns.LookupSrvAsync(MatrixSrvNames.Fed(host), cancellationToken);
        var legacyTask = Dns.LookupSrvAsync(MatrixSrvNames.Legacy(host), cancellationToken);
        var wellKnown = await wellKnownTask;
        var chain = wellKnown.RedirectChain.Count > 0 ? $" [{string.Join(" | ", wellKnown.RedirectChain)}]" : string.Empty;
        if (!wellKnown.IsValid)
        {
            log.Pass(VerifyCheckKinds.WellKnown, $"{wellKnown.Url}: {wellKnown.Reason}, so SRV decides{chain}");
            return await SrvStepsAsync(host, host.Value, fedTask, legacyTask, "", log);
        }

        var delegated = wellKnown.Delegated!;
        log.Pass(VerifyCheckKinds.WellKnown, $"{wellKnown.Url}: {wellKnown.Reason}, served by {wellKnown.ServedBy}; it takes precedence over SRV records (step 3 decides){chain}");
        var baseSrv = await Task.WhenAll(fedTask, legacyTask);
        var ignored = baseSrv.Where(s => s.Outcome == LookupOutcome.Found).Select(s => s.Name.Fqdn).ToList();
        var srvNote = ignored.Count > 0 ? $" The SRV records at {string.Join(" and ", ignored)} are ignored while it is served." : string.Empty;
        log.Finding(
            Severity.Warning,
            DiscoveryFindingCodes.WellKnownServed,
            $"{wellKnown.Url} is served (m.server: {delegated}) by {wellKnown.ServedBy}: well-known takes precedence over SRV.{srvNote} For SRV delegation remove it from that server. Evidence: {string.Join(" | ", wellKnown.RedirectChain)}");
        return await DelegatedAsync(delegated, log, cancellationToken);
    }

    /// <summary>Step 3's sub-steps: the delegated name is resolved with the same rules, certificate and Host for the delegated host.</summary>
    private async Task<(IReadOnlyList<Landing>, string)> DelegatedAsync(MatrixServerName delegated, VerifyLog log, CancellationToken cancellationToken)
    {
        if (delegated.IsIpLiteral)
        {
            var port = delegated.Port ?? MatrixServerName.DefaultPort;
            log.Pass(VerifyCheckKinds.Discovery, $"step 3: well-known delegates to the IP literal {delegated}: port {port}, Host {delegated.Text}, no SNI");
            return ([new Landing(delegated.Host, port, true, null, delegated.Text, delegated.Host)], "step 3 (well-known)");
        }

        if (delegated.Port is { } explicitPort)
        {
            log.Pass(VerifyCheckKinds.Discovery, $"step 3: well-known delegates to {delegated} with an explicit port: A/AAAA of {delegated.Host}, Host {delegated.Text}, SNI and certificate {delegated.Host}");
            return ([new Landing(delegated.Host, explicitPort, false, delegated.Host, delegated.Text, delegated.Host)], "step 3 (well-known)");
        }

        var host = DnsName.ParseHostName(delegated.Host);
        var fed = Dns.LookupSrvAsync(MatrixSrvNames.Fed(host), cancellationToken);
        var legacy = Dns.LookupSrvAsync(MatrixSrvNames.Legacy(host), cancellationToken);
        return await SrvStepsAsync(host, host.Value, fed, legacy, "step 3 (well-known), then ", log);
    }

    /// <summary>Steps 4-6 for <paramref name="host"/>; Host, SNI and certificate are <paramref name="requiredName"/>.</summary>
    private async Task<(IReadOnlyList<Landing>, string)> SrvStepsAsync(DnsName host, string requiredName, Task<SrvLookup> fedTask, Task<SrvLookup> legacyTask, string via, VerifyLog log)
    {
        var fed = await fedTask;
        var legacy = await legacyTask;
        var fedCheck = $"{VerifyCheckKinds.SrvFed} {fed.Name.Fqdn}";
        var legacyCheck = $"{VerifyCheckKinds.SrvLegacy} {legacy.Name.Fqdn}";
        if (fed.Outcome == LookupOutcome.Error)
        {
            log.Fail(fedCheck, $"{fed.Detail}: a lookup error is not \"no record\", so homeservers stop here and do not fall back to {legacy.Name.Fqdn}");
            log.Skip(legacyCheck, $"not consulted: step 5 applies only when step 4 found no record ({legacy.Detail})");
            log.Finding(Severity.Error, DiscoveryFindingCodes.DnsLookupFailed, $"The SRV lookup of {fed.Name.Fqdn} failed ({fed.Detail}): remote homeservers cannot resolve {host.Value} and will not fall back to {legacy.Name.Fqdn}. Fix the DNS server or delegation that answers for that name.");
            return ([], via + "step 4 (failed)");
        }

        log.Check(fedCheck, CheckStatus.Pass, fed.Outcome == LookupOutcome.Found ? fed.Detail : $"{fed.Detail}: on to {legacy.Name.Fqdn} (step 5)");
        switch (fed.Outcome, legacy.Outcome)
        {
            case (LookupOutcome.Found, LookupOutcome.Found):
                log.Pass(legacyCheck, legacy.Detail);
                if (fed.DataSet.SequenceEqual(legacy.DataSet))
                {
                    log.Pass(VerifyCheckKinds.SrvAgreement, "both names carry the same records");
                }
                else
                {
                    log.Fail(VerifyCheckKinds.SrvAgreement, $"{fed.Name.Fqdn} has {string.Join(", ", fed.DataSet)} but {legacy.Name.Fqdn} has {string.Join(", ", legacy.DataSet)}");
                    log.Finding(Severity.Error, FindingCodes.FedLegacyMismatch, $"{fed.Name.Fqdn} and {legacy.Name.Fqdn} disagree: homeservers since spec v1.8 use the first and silently ignore the second, older ones use only the second, so they land in different places. Publish the same records under both names.");
                }

                break;
            case (LookupOutcome.Found, LookupOutcome.NoRecords):
                log.Pass(legacyCheck, $"{legacy.Detail}: older homeservers that know only _matrix._tcp fall back to A/AAAA of {host.Value} on 8448");
                log.Skip(VerifyCheckKinds.SrvAgreement, $"only {fed.Name.Fqdn} exists");
                break;
            case (LookupOutcome.Found, LookupOutcome.Error):
                log.Fail(legacyCheck, $"{legacy.Detail}: older homeservers that know only _matrix._tcp cannot resolve {host.Value}");
                log.Finding(Severity.Error, DiscoveryFindingCodes.DnsLookupFailed, $"The SRV lookup of {legacy.Name.Fqdn} failed ({legacy.Detail}): older homeservers cannot resolve {host.Value}.");
                break;
            case (_, LookupOutcome.Error):
                log.Fail(legacyCheck, $"{legacy.Detail}: homeservers stop here (a lookup error is not \"no record\")");
                log.Finding(Severity.Error, DiscoveryFindingCodes.DnsLookupFailed, $"The SRV lookup of {legacy.Name.Fqdn} failed ({legacy.Detail}): remote homeservers cannot resolve {host.Value}.");
                return ([], via + "step 5 (failed)");
            case (_, LookupOutcome.Found):
                log.Pass(legacyCheck, legacy.Detail);
                log.Finding(Severity.Warning, DiscoveryFindingCodes.SrvLegacyOnly, $"Only the deprecated {legacy.Name.Fqdn} exists: publish the same records at {fed.Name.Fqdn} (spec v1.8).");
                break;
            default:
                log.Pass(legacyCheck, $"{legacy.Detail}: A/AAAA of {host.Value} on port 8448 (step 6)");
                log.Pass(VerifyCheckKinds.Discovery, $"{via}step 6: no SRV record; connect to {host.Value}:8448, Host, SNI and certificate {requiredName}");
                log.Finding(Severity.Info, DiscoveryFindingCodes.NoSrv, $"{host.Value} has no SRV record: homeservers connect to {host.Value} on port 8448.");
                return ([new Landing(host.Value, MatrixServerName.DefaultPort, false, requiredName, requiredName, requiredName)], via + "step 6 (A/AAAA on 8448)");
        }

        var chosen = fed.Outcome == LookupOutcome.Found ? fed : legacy;
        var step = fed.Outcome == LookupOutcome.Found ? "step 4" : "step 5";
        var usable = chosen.Records.Where(r => !r.Record.Target.IsRoot).ToList();
        if (usable.Count == 0)
        {
            log.Fail(VerifyCheckKinds.Discovery, $"{via}{step}: {chosen.Name.Fqdn} has only the target \".\": \"service not available\" (RFC 2782)");
            log.Finding(Severity.Error, DiscoveryFindingCodes.SrvNoService, $"{chosen.Name.Fqdn} says federation is not available at {host.Value} (target \".\").");
            return ([], via + step);
        }

        var landings = usable
            .Select(r => new Landing(r.Record.Target.Value, r.Record.Port, false, requiredName, requiredName, requiredName) { SrvTarget = r.Record.Target.Value })
            .DistinctBy(l => l.Destination)
            .ToList();
        log.Pass(VerifyCheckKinds.Discovery, $"{via}{step}: {chosen.Name.Fqdn} -> {string.Join(", ", landings.Select(l => l.Destination))}; connect there with Host and SNI {requiredName}; the certificate must be valid for {requiredName}, not for the target");
        return (landings, via + step + $" ({chosen.Name.Fqdn})");
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

    private async Task ProbeAllAsync(MatrixServerName serverName, IReadOnlyList<Landing> landings, VerifyLog log, CancellationToken cancellationToken)
    {
        var children = landings.Select(_ => new VerifyLog()).ToList();
        try
        {
            await Task.WhenAll(landings.Select((l, i) => ProbeLandingAsync(serverName, l, children[i], cancellationToken)));
        }
        finally
        {
            foreach (var child in children)
            {
                log.Append(child);
            }
        }
    }

    private async Task ProbeLandingAsync(MatrixServerName serverName, Landing landing, VerifyLog log, CancellationToken cancellationToken)
    {
        var destination = landing.Destination.ToString();
        var (_, _, rule) = Connector.ConnectTo.Resolve(landing.Host, landing.Port);
        IReadOnlyList<IPEndPoint> endpoints;
        if (landing.IsIpLiteral)
        {
            endpoints = (await Connector.ResolveAsync(landing.Host, landing.Port, cancellationToken)).EndPoints;
        }
        else
        {
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
                endpoints = (await Connector.ResolveAsync(landing.Host, landing.Port, cancellationToken)).EndPoints;
            }
            else if (lookup.Outcome == LookupOutcome.Error)
            {
                log.Fail(addressCheck, lookup.Detail);
                log.Finding(Severity.Error, DiscoveryFindingCodes.DnsLookupFailed, $"The address lookup of {landing.Host} failed ({lookup.Detail}): remote homeservers cannot connect.");
                return;
            }
            else if (lookup.Outcome == LookupOutcome.NoRecords)
            {
                log.Fail(addressCheck, lookup.Detail);
                log.Finding(Severity.Error, DiscoveryFindingCodes.TargetNoAddress, $"{landing.Host} has no A or AAAA record: remote homeservers cannot connect.");
                return;
            }
            else
            {
                log.Pass(addressCheck, lookup.Detail);
                endpoints = [.. lookup.Addresses.Select(a => new IPEndPoint(a, landing.Port))];
            }
        }

        var targets = endpoints
            .Select(e => new ProbeTarget(e, landing.Sni, landing.HostHeader, landing.CertificateName, serverName.Host)
            {
                SrvTarget = landing.SrvTarget,
                Destination = rule is null ? destination : $"{destination} via --connect-to",
            })
            .ToList();
        var children = targets.Select(_ => new VerifyLog()).ToList();
        try
        {
            await Task.WhenAll(targets.Select((t, i) => _probe.ProbeAsync(t, children[i], cancellationToken)));
        }
        finally
        {
            foreach (var child in children)
            {
                log.Append(child);
            }
        }
    }
}
