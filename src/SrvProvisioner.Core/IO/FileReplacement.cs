namespace SrvProvisioner.Core.IO;

/// <summary>
/// What a replacement wrote: <paramref name="Path"/> is the file actually replaced (the final
/// target when the given path was a symbolic link), <paramref name="BackupPath"/> the copy of
/// its previous bytes (null for outputs, which have no backup).
/// </summary>
public sealed record FileReplacement(string Path, string? BackupPath);
