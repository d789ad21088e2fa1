using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Planning;

/// <summary>
/// Compares what a provider holds with what the user wants and says what to change. Pure:
/// every lookup happened before, so the same inputs always give the same plan.
/// </summary>
public static class DnsPlanner
{
    /// <summary>The record sets a plan reads: SRV and CNAME at both Matrix SRV names.</summary>
    public static IReadOnlyList<RecordSetKey> KeysToRead(DnsName serverName) =>
    [
        new(MatrixSrvNames.Fed(serverName), RecordType.Srv),
        new(MatrixSrvNames.Fed(serverName), RecordType.Cname),
        new(MatrixSrvNames.Legacy(serverName), RecordType.Srv),
        new(MatrixSrvNames.Legacy(serverName), RecordType.Cname),
    ];

    /// <param name="desired">
    /// Sets to want instead of <see cref="DelegationRequest.DesiredAt"/> at some names: what the
    /// provider will store for them (<see cref="IRecordSetAdjuster"/>).
    /// </param>
    public static DnsPlan Plan(DelegationRequest request, IReadOnlyList<RecordSet> observed, IReadOnlyList<TargetObservation> targets, IReadOnlyDictionary<DnsName, RecordSet>? desired = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(targets);

        var changes = new List<RecordSetChange>();
        var findings = new List<Finding>();
        var fed = MatrixSrvNames.Fed(request.ServerName);
        var legacy = MatrixSrvNames.Legacy(request.ServerName);
        var after = new Dictionary<DnsName, RecordSet?>();

        foreach (var name in new[] { fed, legacy })
        {
            var current = observed.FirstOrDefault(s => s.Name == name && s.Type == RecordType.Srv);
            after[name] = current;
            var cname = observed.FirstOrDefault(s => s.Name == name && s.Type == RecordType.Cname);
            if (cname is not null)
            {
                // RFC 1034 §3.6.2 / RFC 2181 §10.1: a CNAME owner holds no other data, and
                // RFC 2136 §3.4.2.2 makes a server silently ignore SRV added beside it.
                findings.Add(new Finding(
                    Severity.Error,
                    FindingCodes.CnameAtSrvName,
                    $"{name.Fqdn} is a CNAME to {cname.Values[0]}: SRV records cannot live beside it. Remove the CNAME, then plan again.")
                {
                    BlocksApply = request.SrvNames.Contains(name),
                });
            }

            if (!request.SrvNames.Contains(name))
            {
                continue;
            }

            var wanted = desired?.GetValueOrDefault(name) ?? request.DesiredAt(name);
            if (current is null)
            {
                changes.Add(new RecordSetChange(null, wanted));
                after[name] = wanted;
            }
            else if (!current.Matches(wanted))
            {
                if (current.HasSameData(wanted))
                {
                    findings.Add(new Finding(
                        Severity.Info,
                        FindingCodes.TtlOnlyDifference,
                        $"{name.Fqdn} already has these records; only the TTL changes ({current.Ttl} -> {wanted.Ttl})."));
                }

                changes.Add(new RecordSetChange(current, wanted));
                after[name] = wanted;
            }
        }

        AddServiceAgreementFindings(request, fed, legacy, after, findings);
        AddTargetFindings(targets, findings);
        return new DnsPlan(changes, findings);
    }

    private static void AddServiceAgreementFindings(DelegationRequest request, DnsName fed, DnsName legacy, Dictionary<DnsName, RecordSet?> after, List<Finding> findings)
    {
        var fedAfter = after[fed];
        var legacyAfter = after[legacy];
        if (fedAfter is null || legacyAfter is null || fedAfter.HasSameData(legacyAfter))
        {
            if (request.Services != MatrixServices.Both && (fedAfter is null || legacyAfter is null))
            {
                var other = request.Services == MatrixServices.Fed ? legacy : fed;
                findings.Add(new Finding(
                    Severity.Info,
                    FindingCodes.OtherServiceLeftAlone,
                    request.Services == MatrixServices.Fed
                        ? $"{other.Fqdn} is not published: homeservers older than Matrix spec v1.8 look only there (--services both publishes it too)."
                        : $"{other.Fqdn} is not published: current homeservers look there first and then fall back to {legacy.Fqdn}."));
            }

            return;
        }

        // Spec v1.8+, steps 4 and 5: _matrix-fed._tcp is asked first and _matrix._tcp only
        // when it has no record, so different data means new and old servers go elsewhere.
        var severity = request.Services == MatrixServices.Legacy ? Severity.Error : Severity.Warning;
        findings.Add(new Finding(
            severity,
            FindingCodes.FedLegacyMismatch,
            $"{fed.Fqdn} ({string.Join(", ", fedAfter.Values)}) and {legacy.Fqdn} ({string.Join(", ", legacyAfter.Values)}) disagree: current homeservers use the first, older ones the second. Use --services both to publish the same records at both."));
    }

    private static void AddTargetFindings(IReadOnlyList<TargetObservation> targets, List<Finding> findings)
    {
        foreach (var t in targets)
        {
            if (t.LookupError is not null)
            {
                findings.Add(new Finding(
                    Severity.Warning,
                    FindingCodes.TargetLookupFailed,
                    $"Could not check SRV target {t.Target.Fqdn} ({t.Source}): {t.LookupError}.") { Subject = t.Target.Value });
            }
            else if (t.CnameTo is not null)
            {
                // RFC 2782: "Target ... must not be an alias". Synapse follows it anyway; other
                // homeservers do not.
                findings.Add(new Finding(
                    Severity.Error,
                    FindingCodes.TargetIsCname,
                    $"SRV target {t.Target.Fqdn} is a CNAME to {t.CnameTo.Fqdn}; RFC 2782 forbids alias targets and some homeservers will not follow it. Target {t.CnameTo.Fqdn} directly or give the host A/AAAA records.") { Subject = t.Target.Value });
            }
            else if (t.Addresses.Count == 0)
            {
                findings.Add(new Finding(
                    Severity.Warning,
                    FindingCodes.TargetHasNoAddress,
                    $"SRV target {t.Target.Fqdn} has no A or AAAA record ({t.Source}); remote servers will not reach it until it has one.") { Subject = t.Target.Value });
            }
        }
    }
}
