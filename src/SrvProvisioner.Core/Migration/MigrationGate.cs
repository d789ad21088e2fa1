using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Migration;

/// <summary>
/// What apply decided before writing anything for one plan: whether a well-known is served
/// now, which stages make the SRV path live (gated), and the proof stage's outcome. One apply
/// and each domain of a fleet go through the same gate (<see cref="StagedApplyService"/>).
/// </summary>
public sealed record MigrationGate(Plan Plan, IReadOnlyList<ConfigFilePlan> ConfigFiles, StageReport ProofStage)
{
    /// <summary>The well-known fetch's result; null when it could not be told (then none is assumed).</summary>
    public WellKnownResult? WellKnown { get; init; }

    public bool WellKnownServed => WellKnown is { IsValid: true };

    public string WellKnownNow { get; init; } = string.Empty;

    /// <summary>DNS changes would make the SRV path live at once (no well-known served, or that cannot be told).</summary>
    public bool DnsGated { get; init; }

    public VerifyReport? Proof { get; init; }

    public bool ProofOk => ProofStage.Status != StageStatus.Refused;

    /// <summary>The dns stage may write: it is not gated, or the proof passed (or was skipped).</summary>
    public bool DnsAllowed => !DnsGated || ProofOk;
}
