using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// A verify report made where this machine got no network/DNS answer at all: nothing about
/// the server name was learnt, so no check passed or failed. Every check becomes skipped, the finding is a warning
/// (its evidence kept) and the findings become the one line that says so: blaming the zone
/// ("remote homeservers cannot resolve ...") would send the user to fix the wrong thing.
/// </summary>
public static class OfflineReport
{
    /// <summary>The message, the same in verify and <c>plan --check-live</c>.</summary>
    public static string Message(string reason) =>
        $"could not check: no network/DNS answer from this machine ({reason}); nothing was judged. Check this machine's network or --dns-server, then run again.";

    public static VerifyReport From(VerifyReport report, string reason)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(reason);
        return report with
        {
            Checks = [.. report.Checks.Select(c => c with { Status = CheckStatus.Skip })],
            Findings = [new Finding(Severity.Warning, DiscoveryFindingCodes.CouldNotCheck, Message(reason))],
            CouldNotCheck = reason,
        };
    }
}
