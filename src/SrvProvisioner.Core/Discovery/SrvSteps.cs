using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// The verdict of steps 4-6 (server-server API, "Resolving server names") from the two SRV
/// answers, as checks and findings: a lookup error stops (it is not "no record"), step 5 only
/// when step 4 found nothing, the two names must agree, step 6 when neither has records.
/// </summary>
internal static class SrvSteps
{
    /// <summary>Steps 4-6 for <paramref name="host"/>; Host, SNI and certificate are <paramref name="requiredName"/>.</summary>
    public static (IReadOnlyList<Landing> Landings, string DecidedBy) Judge(DnsName host, string requiredName, SrvLookup fed, SrvLookup legacy, string via, VerifyLog log)
    {
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

        var landings = LandingsOf(chosen, requiredName);
        log.Pass(VerifyCheckKinds.Discovery, $"{via}{step}: {chosen.Name.Fqdn} -> {string.Join(", ", landings.Select(l => l.Destination))}; connect there with Host and SNI {requiredName}; the certificate must be valid for {requiredName}, not for the target");
        return (landings, via + step + $" ({chosen.Name.Fqdn})");
    }

    /// <summary>
    /// Where the records of <paramref name="chosen"/> land, preferred first (priority, then weight,
    /// as the lookup sorted them); the same destination once. Known as soon as that one answer is.
    /// </summary>
    public static IReadOnlyList<Landing> LandingsOf(SrvLookup chosen, string requiredName) =>
        [.. chosen.Records
            .Where(r => !r.Record.Target.IsRoot)
            .Select(r => new Landing(r.Record.Target.Value, r.Record.Port, false, requiredName, requiredName, requiredName) { SrvTarget = r.Record.Target.Value, Priority = r.Record.Priority, AddressHints = chosen.AddressHints.TryGetValue(r.Record.Target, out var hints) ? hints : [] })
            .DistinctBy(l => l.Destination)];
}
