namespace SrvProvisioner.Core.Json;

/// <summary>How many domains a fleet verify ran and how many passed, failed or could not be checked (no network or DNS answer at all).</summary>
public sealed record FleetVerifySummaryDocument(int Total, int Pass, int Fail, int Skip);
