using System.Text;

namespace SrvProvisioner.Core.IO;

/// <summary>
/// Replaces a file's contents all at once: the new bytes go to a temporary file in the same
/// directory (same file system, so the rename is atomic on POSIX), which takes the original's
/// mode, is flushed to disk, and is renamed over the original. A copy of the original is
/// kept beside it first. A reader sees the old file or the new one, never a mix.
/// </summary>
public static class AtomicFile
{
    public const string BackupSuffix = ".srvprov.bak";

    /// <summary>Writes <paramref name="contents"/> over <paramref name="path"/>; returns the backup's path.</summary>
    public static async Task<string> ReplaceAsync(string path, byte[] contents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        var backup = full + BackupSuffix;
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.srvprov-{Guid.NewGuid():N}.tmp");
        try
        {
            File.Copy(full, backup, overwrite: true);
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await stream.WriteAsync(contents, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
            }

            File.Move(temp, full, overwrite: true);
            return backup;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public static Task<string> ReplaceAsync(string path, string contents, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return ReplaceAsync(path, encoding.GetBytes(contents), cancellationToken);
    }
}
