using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.HomeserverConfig;

namespace SrvProvisioner.Core.Migration;

/// <summary>
/// What a staged apply did: the four stages in order, the proof's checks (verify's shape),
/// and until when remote servers may still use a switched-off well-known answer.
/// </summary>
public sealed record MigrationOutcome(IReadOnlyList<StageReport> Stages)
{
    /// <summary>The proof's checks and findings; null when no proof ran.</summary>
    public VerifyReport? Proof { get; init; }

    public bool ProofSkipped { get; init; }

    /// <summary>Set when a served well-known was switched off: keep the old delegated endpoint serving until then.</summary>
    public DateTimeOffset? OldPathServedUntil { get; init; }

    /// <summary>What the well-known fetch before the stages found, as evidence.</summary>
    public string WellKnownNow { get; init; } = string.Empty;

    /// <summary>The DNS changes written (for the receipt); empty when the dns stage did not run.</summary>
    public bool DnsWritten { get; init; }

    public bool ConfigWritten { get; init; }

    /// <summary>The config files written, each with the backup the replacer made for it at write time (for the receipt).</summary>
    public IReadOnlyList<ConfigFileWrite> WrittenFiles { get; init; } = [];

    /// <summary>Ctrl-C or SIGTERM stopped the run after its DNS write: the stages after dns say what did not run (exit 1).</summary>
    public bool Cancelled { get; init; }

    /// <summary>A stage was refused: exit 2.</summary>
    public bool NeedsAttention => Stages.Any(s => s.Status == StageStatus.Refused);

    public StageReport Stage(string name) => Stages.First(s => s.Name == name);
}
