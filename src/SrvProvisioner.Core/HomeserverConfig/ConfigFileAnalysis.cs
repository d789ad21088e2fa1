using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>One file read and planned: its kind, the changes, the bytes after them, the findings.</summary>
internal sealed record ConfigFileAnalysis(
    ConfigKind Kind,
    string Sha256,
    IReadOnlyList<ConfigChange> Changes,
    byte[] After,
    string? Diff,
    IReadOnlyList<Finding> Findings);
