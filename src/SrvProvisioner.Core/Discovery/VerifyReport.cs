using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Discovery;

/// <summary>Everything verify found: the checks in the order discovery ran them, and the findings.</summary>
public sealed record VerifyReport(string ServerName, IReadOnlyList<VerifyCheck> Checks, IReadOnlyList<Finding> Findings)
{
    public bool HasFailures => Checks.Any(c => c.Status == CheckStatus.Fail);

    /// <summary>Set when only a certificate file was checked (<c>verify --cert-file</c>): no DNS, no live endpoint.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>
    /// Set when nothing could be checked because this machine got no network/DNS answer at
    /// all: every check is then skipped, and the one line says why (exit 1, not a failing check).
    /// </summary>
    public string? CouldNotCheck { get; init; }
}
