using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Migration;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Cli.Rendering;

/// <summary>apply's stages for people: the proof's checks, one line per stage, what to fix, a verdict.</summary>
internal static class MigrationTextRenderer
{
    public static void Write(MigrationOutcome outcome, TextWriter output, Ansi ansi)
    {
        output.WriteLine();
        if (outcome.ProofSkipped)
        {
            output.WriteLine(ansi.Red("WARNING: --skip-proof: the SRV path was made live WITHOUT proving that remote servers can reach it. Run 'srvprov verify' now."));
            output.WriteLine();
        }

        if (outcome.Proof is { } proof)
        {
            output.WriteLine(ansi.Bold($"Proof of the planned SRV path for {proof.ServerName}"));
            WriteChecks(proof.Checks, output, ansi);
            output.WriteLine();
        }

        output.WriteLine(ansi.Bold("Stages"));
        foreach (var stage in outcome.Stages)
        {
            var status = stage.Status switch
            {
                StageStatus.Done => ansi.Green("done      "),
                StageStatus.Refused => ansi.Red("REFUSED   "),
                StageStatus.Skipped => ansi.Yellow("skipped   "),
                _ => ansi.Dim("not-needed"),
            };
            output.WriteLine($"  {stage.Name,-11} {status}  {stage.Detail}");
        }

        if (outcome.Proof is { } failed && outcome.Stage(StageNames.Proof).Status == StageStatus.Refused)
        {
            output.WriteLine();
            output.WriteLine(ansi.Bold("To fix before the SRV path can go live"));
            foreach (var fix in SrvPathProof.Fixes(failed))
            {
                output.WriteLine($"  - {fix.Message} [{fix.Code}]");
            }
        }

        var warnings = outcome.Proof?.Findings.Where(f => f.Severity == Severity.Warning).ToList() ?? [];
        foreach (var warning in warnings)
        {
            output.WriteLine($"  {ansi.Yellow("warning")} {warning.Message} [{warning.Code}]");
        }

        output.WriteLine();
        output.WriteLine(outcome.Cancelled
            ? ansi.Red("Cancelled (Ctrl-C or SIGTERM) after the dns stage: its DNS changes are written, the stages after it did not run (exit 1).")
            : outcome.NeedsAttention
            ? ansi.Red("Refused: the stages marked REFUSED wrote nothing. Fix the above and run apply again (exit 2).")
            : ansi.Green("Migration applied: every stage done or not needed."));
    }

    public static void WriteChecks(IReadOnlyList<VerifyCheck> checks, TextWriter output, Ansi ansi)
    {
        var width = Math.Min(48, checks.Select(c => c.Name.Length).DefaultIfEmpty(10).Max());
        foreach (var check in checks)
        {
            var status = check.Status switch
            {
                CheckStatus.Pass => ansi.Green("pass  "),
                CheckStatus.Fail => ansi.Red("FAIL  "),
                _ => ansi.Dim("skip  "),
            };
            output.WriteLine($"  {status}  {check.Name.PadRight(width)}  {check.Detail}");
        }
    }
}
