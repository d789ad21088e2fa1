using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// <c>--cert-file PEM</c>: checks a certificate (leaf first, then its chain) offline before it
/// is deployed: does it cover the server name (the name remote servers require with SRV
/// delegation), when does it expire, is its chain trusted (system store or <c>--ca-file</c>).
/// </summary>
public sealed class CertificateFileCheck(string? caFile, TimeProvider? time = null) : IPlanCheck
{
    public bool AppliesTo(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.CertificateFile is not null;
    }

    public Task<IReadOnlyList<Finding>> RunAsync(PlanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = Verify(request.CertificateFile!, request.Delegation.ServerName.Value, request.Delegation.Records.Select(r => r.Target.Value).FirstOrDefault());
        return Task.FromResult(report.Findings);
    }

    /// <summary>The certificate checks as verify shows them; <paramref name="srvTarget"/> helps name the classic mistake.</summary>
    public VerifyReport Verify(string path, string serverName, string? srvTarget = null)
    {
        var trust = ChainTrust.FromCaFile(caFile);

        // The system store is read beside the file's parsing; the verdict waits for it only if the anchors do not decide.
        trust.Prepare();
        var certificates = PemCertificates.Load(path, "--cert-file");
        var inspector = new CertificateInspector(trust, time);
        var report = inspector.Inspect(certificates[0], certificates.Skip(1), serverName);
        var log = new VerifyLog();
        var label = Path.GetFileName(path);
        FederationProbe.ReportCertificate(report, label, srvTarget, log);
        if (!log.ToReport(serverName).HasFailures && report.Validity == CertificateValidity.Valid)
        {
            var until = report.NotAfter.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            log.Finding(Severity.Info, DiscoveryFindingCodes.CertificateOk, $"{label} covers {report.Host}, is trusted and valid until {until}.");
        }

        return log.ToReport(serverName) with { CertificateFile = path };
    }
}
