using System.Globalization;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Cli.Rendering;

/// <summary>verify for people: a checks table (status, check, evidence), the findings, a one-line verdict.</summary>
internal static class VerifyTextRenderer
{
    public static void Write(VerifyReport report, TextWriter output, Ansi ansi)
    {
        output.WriteLine(ansi.Bold($"Verify {report.ServerName}"));
        output.WriteLine();
        var width = Math.Min(48, report.Checks.Select(c => c.Name.Length).DefaultIfEmpty(10).Max());
        output.WriteLine($"  {"STATUS",-6}  {"CHECK".PadRight(width)}  DETAIL");
        foreach (var check in report.Checks)
        {
            var status = check.Status switch
            {
                CheckStatus.Pass => ansi.Green("pass  "),
                CheckStatus.Fail => ansi.Red("FAIL  "),
                _ => ansi.Dim("skip  "),
            };
            output.WriteLine($"  {status}  {check.Name.PadRight(width)}  {check.Detail}");
        }

        if (report.CouldNotCheck is not null)
        {
            // Said once, as the verdict: no finding about the domain, no OK or NOT OK.
            output.WriteLine();
            output.WriteLine(ansi.Yellow(report.Findings[0].Message));
            return;
        }

        if (report.Findings.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(ansi.Bold("Findings"));
            foreach (var finding in report.Findings)
            {
                var severity = finding.Severity switch
                {
                    Severity.Error => ansi.Red("error  "),
                    Severity.Warning => ansi.Yellow("warning"),
                    _ => ansi.Cyan("info   "),
                };
                output.WriteLine($"  {severity} {finding.Code}: {finding.Message}");
            }
        }

        output.WriteLine();
        var failed = report.Checks.Count(c => c.Status == CheckStatus.Fail);
        var passed = report.Checks.Count(c => c.Status == CheckStatus.Pass);
        var skipped = report.Checks.Count(c => c.Status == CheckStatus.Skip);
        var counts = string.Create(CultureInfo.InvariantCulture, $"{passed} pass, {failed} fail, {skipped} skipped");
        if (report.CertificateFile is { } file)
        {
            // Only a file was checked: say what was proven, not that the server is reachable.
            output.WriteLine(failed == 0
                ? ansi.Green($"OK: {file} is fit to serve for {report.ServerName} (certificate only; DNS and the live endpoint were not checked) ({counts}).")
                : ansi.Red($"NOT OK: {file} is not fit to serve for {report.ServerName}: {failed} check(s) fail; see the findings above ({counts})."));
            return;
        }

        output.WriteLine(failed == 0
            ? ansi.Green($"OK: other homeservers can reach {report.ServerName} ({counts}).")
            : ansi.Red($"NOT OK: {failed} check(s) fail; see the findings above ({counts})."));
    }
}
