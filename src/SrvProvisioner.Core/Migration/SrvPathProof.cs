using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Migration;

/// <summary>
/// The proof that the SRV path works before it is made live (shared/reference
/// matrix-delegation.md, "Migrating safely"): the planned SRV records, not live DNS, are
/// resolved and probed with verify's engine, and a <c>--cert-file</c> certificate meant for
/// the server name is checked as well. A proof that cannot run (no network, target not up)
/// fails with that reason.
/// </summary>
public static class SrvPathProof
{
    public static async Task<VerifyReport> RunAsync(VerifyEngine engine, DnsName serverName, IReadOnlyList<SrvRecord> planned, string? certificateFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(serverName);
        ArgumentNullException.ThrowIfNull(planned);
        var name = new MatrixServerName(serverName.Value, null, false);
        var live = await engine.ProveSrvPathAsync(name, planned, cancellationToken);
        if (certificateFile is null)
        {
            return live;
        }

        var target = planned.Where(r => !r.Target.IsRoot).Select(r => r.Target.Value).FirstOrDefault();
        var file = new CertificateFileCheck(engine.Settings.CaFile).Verify(certificateFile, serverName.Value, target);
        var checks = file.Checks.Concat(live.Checks).ToList();
        var findings = file.Findings.Where(f => f.Code != DiscoveryFindingCodes.CertificateOk)
            .Concat(live.Findings)
            .OrderByDescending(f => f.Severity)
            .ToList();
        return new VerifyReport(live.ServerName, checks, findings);
    }

    /// <summary>The error findings of a failed proof: each says what to fix.</summary>
    public static IReadOnlyList<Finding> Fixes(VerifyReport proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return [.. proof.Findings.Where(f => f.Severity == Severity.Error)];
    }
}
