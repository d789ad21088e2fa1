using System.Globalization;
using System.Text.Json.Nodes;
using SrvProvisioner.Core.Migration;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Cli.Rendering;

/// <summary>
/// apply's additions to the plan document: <c>stages</c> (all four, once each, in order),
/// the proof's <c>checks</c> in verify's shape, <c>proofSkipped</c> and
/// <c>oldPathServedUntil</c> (UTC, ISO 8601, or null).
/// </summary>
internal static class MigrationJson
{
    public static void AddTo(JsonObject root, MigrationOutcome outcome)
    {
        root["stages"] = new JsonArray([.. outcome.Stages.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["status"] = StageNames.StatusText(s.Status),
            ["detail"] = s.Detail,
        })]);
        root["checks"] = ChecksJson.From(outcome.Proof?.Checks ?? []);
        root["proofSkipped"] = outcome.ProofSkipped;
        root["oldPathServedUntil"] = outcome.OldPathServedUntil?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (outcome.Proof is { } proof)
        {
            var findings = root["findings"] as JsonArray ?? [];
            foreach (var node in PlanJson.FindingsJson(proof.Findings))
            {
                findings.Add(node?.DeepClone());
            }

            root["findings"] = findings;
        }
    }

    /// <summary>The document when nothing needed doing: every stage not needed.</summary>
    public static MigrationOutcome NothingToDo() => new(
    [
        new(StageNames.Proof, StageStatus.NotNeeded, "nothing to make live"),
        new(StageNames.Dns, StageStatus.NotNeeded, "the SRV sets already hold the planned records"),
        new(StageNames.Propagation, StageStatus.NotNeeded, "no config change waits for it"),
        new(StageNames.Config, StageStatus.NotNeeded, "no config change planned"),
    ]);
}
