namespace SrvProvisioner.Core.Fleet;

/// <summary>Counts so far, for a progress bar.</summary>
public sealed record FleetProgress(int Total, int Done, int Changed, int Failed);
