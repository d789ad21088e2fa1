using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Fleet;
using SrvProvisioner.Core.Json;
using SrvProvisioner.Core.Migration;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Cli.Fleet;

/// <summary>A fleet run's result: a summary table for people, one JSON document for programs.</summary>
internal static class FleetRenderer
{
    public static void WriteText(string verb, FleetFile fleet, IReadOnlyList<FleetDomainResult> results, TextWriter writer, Ansi ansi)
    {
        var width = Math.Max(11, results.Max(r => r.Domain.Delegation.ServerName.Value.Length));
        writer.WriteLine($"{"server name".PadRight(width)}  {"result",-10} {"dns",3} {"cfg",3}  notes");
        foreach (var r in results)
        {
            var plan = r.Plan;
            var outcome = r.Outcome switch
            {
                FleetOutcome.Failed => ansi.Red("failed    "),
                FleetOutcome.Pending => ansi.Yellow("to change "),
                FleetOutcome.Applied => ansi.Green("applied   "),
                FleetOutcome.Refused => ansi.Red("refused   "),
                FleetOutcome.Cancelled => ansi.Red("cancelled "),
                _ => "unchanged ",
            };
            var note = r.Error
                ?? RefusalNote(r)
                ?? string.Join("; ", (plan?.Findings ?? []).Where(f => f.Severity >= Severity.Warning).Select(Note).Distinct(StringComparer.Ordinal));
            writer.WriteLine($"{r.Domain.Delegation.ServerName.Value.PadRight(width)}  {outcome} {plan?.DnsChanges.Count ?? 0,3} {plan?.ConfigChangeCount ?? 0,3}  {note}");
        }

        writer.WriteLine();
        writer.WriteLine(Summary(verb, fleet, results));
    }

    /// <summary>Why a gate refused the domain: the refusing stage's own sentence, and the proof's failed checks.</summary>
    private static string? RefusalNote(FleetDomainResult r)
    {
        if (r.Outcome != FleetOutcome.Refused || r.Migration is not { } migration)
        {
            return null;
        }

        var stage = migration.Stage(r.RefusedBy ?? StageNames.Proof);
        return $"refused by the {stage.Name}: {stage.Detail}";
    }

    /// <summary>A finding in a table cell: severity, code and, where known, its subject (which target).</summary>
    private static string Note(Finding f) =>
        $"{f.Severity.ToString().ToLowerInvariant()}: {f.Code}" + (f.Subject is null ? string.Empty : $" ({f.Subject})");

    public static string Summary(string verb, FleetFile fleet, IReadOnlyList<FleetDomainResult> results)
    {
        int Count(FleetOutcome o) => results.Count(r => r.Outcome == o);
        var changed = verb == "apply"
            ? $"{Count(FleetOutcome.Applied)} applied, {RefusedBy(results, StageNames.Proof)} refused by the proof, {RefusedBy(results, StageNames.Propagation)} refused by propagation"
            : $"{Count(FleetOutcome.Pending)} to change";
        var cancelled = Count(FleetOutcome.Cancelled) == 0
            ? string.Empty
            : $", {Count(FleetOutcome.Cancelled)} cancelled ({results.Count(r => r.CancelledAfterDns)} with DNS written but config not run)";
        return $"Fleet {fleet.Path}: {results.Count} domains: {Count(FleetOutcome.Unchanged)} unchanged, {changed}, {Count(FleetOutcome.Failed)} failed{cancelled}.";
    }

    /// <summary>
    /// The error line after a fleet apply that a signal stopped (exit 1): how many domains have
    /// their DNS written without their config stage, how many were not started, how to finish.
    /// </summary>
    public static string CancelledLine(IReadOnlyList<FleetDomainResult> results)
    {
        var afterDns = results.Count(r => r.CancelledAfterDns);
        var notStarted = results.Count(r => r.Outcome == FleetOutcome.Cancelled) - afterDns;
        return $"error: cancelled (Ctrl-C or SIGTERM) during apply --file: {afterDns} domain(s) have their DNS written but their config stage did not run, "
            + $"{notStarted} not started (nothing written for them); the domains marked cancelled say which. "
            + "To finish, run the same apply --file again: domains already done are unchanged, and those with DNS written need no DNS change.";
    }

    private static int RefusedBy(IReadOnlyList<FleetDomainResult> results, string stage) =>
        results.Count(r => r.Outcome == FleetOutcome.Refused && r.RefusedBy == stage);

    public static string Json(string verb, FleetFile fleet, IReadOnlyList<FleetDomainResult> results) =>
        SrvprovJson.Serialize(
            new FleetDocument
            {
                File = fleet.Path,
                Command = verb,
                Domains = [.. results.Select(DomainDocument)],
                Summary = new FleetSummaryDocument(
                    results.Count,
                    results.Count(r => r.Outcome == FleetOutcome.Unchanged),
                    results.Count(r => r.Outcome == FleetOutcome.Pending),
                    results.Count(r => r.Outcome == FleetOutcome.Applied),
                    results.Count(r => r.Outcome == FleetOutcome.Failed))
                {
                    RefusedByProof = verb == "apply" ? RefusedBy(results, StageNames.Proof) : null,
                    RefusedByPropagation = verb == "apply" ? RefusedBy(results, StageNames.Propagation) : null,
                    Cancelled = verb == "apply" ? results.Count(r => r.Outcome == FleetOutcome.Cancelled) : null,
                    CancelledAfterDns = verb == "apply" ? results.Count(r => r.CancelledAfterDns) : null,
                },
            },
            c => c.FleetDocument);

    private static FleetDomainDocument DomainDocument(FleetDomainResult r)
    {
        var document = new FleetDomainDocument
        {
            ServerName = r.Domain.Delegation.ServerName.Value,
            Provider = r.Domain.Provider,
            Outcome = r.Outcome.ToString().ToLowerInvariant(),
            Error = r.Error,
            Changes = r.Plan is { } plan ? PlanJson.ChangeDocuments(plan) : [],
            Findings = r.Plan is { } withFindings ? PlanJson.FindingDocuments(withFindings.Findings) : [],
        };
        if (r.Migration is not { } migration)
        {
            return document;
        }

        // The same members as one apply's document: stages, the proof's checks and its findings.
        var applied = MigrationJson.AddTo(new PlanDocument { Findings = document.Findings }, migration);
        return document with
        {
            Findings = applied.Findings,
            Stages = applied.Stages,
            Checks = applied.Checks,
            ProofSkipped = applied.ProofSkipped,
            OldPathServedUntil = applied.OldPathServedUntil,
            RefusedBy = r.RefusedBy,
        };
    }
}
