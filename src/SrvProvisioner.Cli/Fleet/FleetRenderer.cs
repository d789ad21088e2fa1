using System.Text.Json;
using System.Text.Json.Nodes;
using SrvProvisioner.Cli.Rendering;
using SrvProvisioner.Core.Fleet;
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

    private static void AddMigration(JsonObject o, FleetDomainResult r)
    {
        if (r.Migration is not { } migration)
        {
            return;
        }

        // The same members as one apply's document: stages, the proof's checks and its findings.
        MigrationJson.AddTo(o, migration);
        if (r.RefusedBy is { } by)
        {
            o["refusedBy"] = by;
        }
    }

    public static string Json(string verb, FleetFile fleet, IReadOnlyList<FleetDomainResult> results)
    {
        var domains = new JsonArray();
        foreach (var r in results)
        {
            var o = new JsonObject
            {
                ["serverName"] = r.Domain.Delegation.ServerName.Value,
                ["provider"] = r.Domain.Provider,
                ["outcome"] = r.Outcome.ToString().ToLowerInvariant(),
                ["error"] = r.Error,
            };
            if (r.Plan is { } plan)
            {
                var planJson = PlanJson.ToJson(plan);
                o["changes"] = planJson["changes"]!.DeepClone();
                o["findings"] = planJson["findings"]!.DeepClone();
            }
            else
            {
                o["changes"] = new JsonArray();
                o["findings"] = new JsonArray();
            }

            AddMigration(o, r);
            domains.Add((JsonNode)o);
        }

        var doc = new JsonObject
        {
            ["file"] = fleet.Path,
            ["command"] = verb,
            ["domains"] = domains,
            ["summary"] = new JsonObject
            {
                ["total"] = results.Count,
                ["unchanged"] = results.Count(r => r.Outcome == FleetOutcome.Unchanged),
                ["pending"] = results.Count(r => r.Outcome == FleetOutcome.Pending),
                ["applied"] = results.Count(r => r.Outcome == FleetOutcome.Applied),
                ["failed"] = results.Count(r => r.Outcome == FleetOutcome.Failed),
            },
        };
        if (verb == "apply")
        {
            var summary = doc["summary"]!.AsObject();
            summary["refusedByProof"] = RefusedBy(results, StageNames.Proof);
            summary["refusedByPropagation"] = RefusedBy(results, StageNames.Propagation);
        }

        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
