namespace SrvProvisioner.Core.Json;

/// <summary>How many domains a fleet verify ran and how many passed or failed.</summary>
public sealed record FleetVerifySummaryDocument(int Total, int Pass, int Fail);
