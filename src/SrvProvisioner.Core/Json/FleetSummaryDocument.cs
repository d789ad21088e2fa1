namespace SrvProvisioner.Core.Json;

/// <summary>How many domains a fleet run had and how each ended.</summary>
public sealed record FleetSummaryDocument(int Total, int Unchanged, int Pending, int Applied, int Failed);
