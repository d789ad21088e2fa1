namespace SrvProvisioner.Core.Planning;

/// <summary>
/// The planned edits to one config file, with the hash of the bytes the plan read so that
/// apply can refuse when the file changed since.
/// </summary>
public sealed record ConfigFilePlan(string Path, string Kind, string Sha256, IReadOnlyList<ConfigChange> Changes)
{
    /// <summary>A unified diff of the edit for people; null when nothing changes.</summary>
    public string? Diff { get; init; }

    /// <summary>For reverse proxy kinds: the whole configuration tree the file was planned in; null for single-file kinds.</summary>
    public ConfigTree? Tree { get; init; }
}
