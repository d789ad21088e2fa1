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
        return $"Fleet {fleet.Path}: {results.Count} domains: {Count(FleetOutcome.Unchanged)} unchanged, {changed}, {Count(FleetOutcome.Failed)} failed.";
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
