using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>
/// Replaces one file of a proxy's configuration with srvprov's one file replacer (atomic,
/// locked, mode and owner kept, edited through a symbolic link as Debian's
/// <c>sites-enabled/</c> links need), with the backup in a directory of its own: a backup
/// beside the file would sit where the server's include globs load it and bring the old
/// well-known back as a duplicate site.
/// </summary>
internal static class ProxyFileWriter
{
    /// <summary>
    /// Writes <paramref name="content"/> over <paramref name="path"/> while it still holds
    /// <paramref name="expected"/>; the backup goes to <paramref name="backupDirectory"/> as
    /// <paramref name="backupName"/> (none when the directory is null). Returns the file replaced and its backup.
    /// </summary>
    public static async Task<FileReplacement> ReplaceAsync(AtomicFileReplacer replacer, string path, byte[] expected, byte[] content, string? backupDirectory, string backupName, CancellationToken cancellationToken)
    {
        if (backupDirectory is not null)
        {
            EnsureBackupDirectory(backupDirectory);
        }

        try
        {
            var replaced = await replacer.EditAsync(
                path,
                InputKind.ConfigFile,
                current => current.AsSpan().SequenceEqual(expected) ? content : throw new StalePlanException($"{path} changed since plan; nothing was applied to it. Run plan again and review the new plan."),
                _ => backupDirectory is null ? null : Path.Combine(backupDirectory, backupName),
                cancellationToken);
            return replaced;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigFileException($"Cannot write {path}: {ex.Message}; it was left unchanged.", ex);
        }
    }

    /// <summary>A real directory (never a planted link), private to its owner when srvprov creates it.</summary>
    private static void EnsureBackupDirectory(string directory)
    {
        var info = new DirectoryInfo(directory);
        if (info.LinkTarget is not null || (File.Exists(directory) && !info.Exists))
        {
            throw new FileSafetyException($"{directory} is not a directory (a link or a file); srvprov keeps backups only in a real directory. Remove it and run again; nothing was written.");
        }

        if (info.Exists)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
