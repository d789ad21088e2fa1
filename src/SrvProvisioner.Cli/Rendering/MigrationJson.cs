using System.Globalization;
using SrvProvisioner.Core.Json;
using SrvProvisioner.Core.Migration;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Cli.Rendering;

/// <summary>
/// apply's additions to the plan document: <c>stages</c> (all four, once each, in order),
/// the proof's <c>checks</c> in verify's shape, <c>proofSkipped</c> and
/// <c>oldPathServedUntil</c> (UTC, ISO 8601; absent when there is none).
/// </summary>
internal static class MigrationJson
{
    public static PlanDocument AddTo(PlanDocument document, MigrationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(outcome);
        return document with
        {
            Stages = [.. outcome.Stages.Select(s => new StageDocument { Name = s.Name, Status = StageNames.StatusText(s.Status), Detail = s.Detail })],
            Checks = ChecksJson.From(outcome.Proof?.Checks ?? []),
            ProofSkipped = outcome.ProofSkipped,
            OldPathServedUntil = outcome.OldPathServedUntil?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Findings = outcome.Proof is { } proof ? [.. document.Findings ?? [], .. PlanJson.FindingDocuments(proof.Findings)] : document.Findings,
        };
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
