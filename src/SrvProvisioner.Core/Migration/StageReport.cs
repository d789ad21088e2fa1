namespace SrvProvisioner.Core.Migration;

/// <summary>One stage's outcome: its name, status and a sentence that says why.</summary>
public sealed record StageReport(string Name, StageStatus Status, string Detail);
