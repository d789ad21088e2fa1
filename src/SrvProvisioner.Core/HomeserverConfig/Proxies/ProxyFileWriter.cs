using System.Globalization;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Editing;

namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>
/// Replaces one file of a proxy's configuration atomically (temporary file in the same
/// directory, mode and owner kept, renamed over it), edited through a symbolic link as
/// Debian's <c>sites-enabled/</c> links need, with the backup in a directory of its own:
/// a backup beside the file would sit where the server's include globs load it and bring
/// the old well-known back as a duplicate site.
/// </summary>
internal static class ProxyFileWriter
{
    /// <summary>Writes <paramref name="content"/> over <paramref name="path"/> while it still holds <paramref name="expected"/>; returns the backup's path (null when <paramref name="backupDirectory"/> is null).</summary>
    public static async Task<string?> ReplaceAsync(string path, byte[] expected, byte[] content, string? backupDirectory, string backupName, CancellationToken cancellationToken)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target)!;
        var temp = Path.Combine(directory, "." + Path.GetFileName(target) + ".srvprov-" + Guid.NewGuid().ToString("N")[..8]);
        string? backup = null;
        try
        {
            await WriteNewAsync(temp, content, cancellationToken);
            KeepModeAndOwner(target, temp);
            if (backupDirectory is not null)
            {
                backup = await WriteBackupAsync(target, expected, backupDirectory, backupName, cancellationToken);
            }

            // Last look before the rename: the plan's bytes must still be the file's bytes.
            var now = await File.ReadAllBytesAsync(target, cancellationToken);
            if (!now.AsSpan().SequenceEqual(expected))
            {
                if (backup is not null)
                {
                    File.Delete(backup);
                }

                throw new StalePlanException($"{path} changed since plan; nothing was applied to it. Run plan again and review the new plan.");
            }

            File.Move(temp, target, overwrite: true);
            return backup;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigFileException($"Cannot write {path}: {ex.Message}; it was left unchanged.", ex);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<string> WriteBackupAsync(string target, byte[] bytes, string backupDirectory, string backupName, CancellationToken cancellationToken)
    {
        var info = new DirectoryInfo(backupDirectory);
        if (info.Exists && info.LinkTarget is not null)
        {
            throw new ConfigFileException($"{backupDirectory} is a symbolic link; srvprov keeps backups only in a real directory. Remove the link and run again.");
        }

        if (!info.Exists)
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(backupDirectory);
            }
            else
            {
                Directory.CreateDirectory(backupDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            var name = attempt == 0 ? backupName : backupName + "." + attempt.ToString(CultureInfo.InvariantCulture);
            var path = Path.Combine(backupDirectory, name);
            try
            {
                await WriteNewAsync(path, bytes, cancellationToken);
                KeepModeAndOwner(target, path);
                return path;
            }
            catch (IOException) when (Path.Exists(path) && attempt < 100)
            {
                // taken (same second, or planted): the next name
            }
        }
    }

    /// <summary>Creates the file exclusively (O_CREAT|O_EXCL: never follows or replaces an existing path) and flushes it to disk.</summary>
    private static async Task WriteNewAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        await stream.WriteAsync(content, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    private static void KeepModeAndOwner(string original, string copy)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(copy, File.GetUnixFileMode(original));
        var owner = UnixOwner.Get(original);
        if (owner is not null && owner != UnixOwner.Get(copy) && !UnixOwner.Set(copy, owner.Value))
        {
            throw new ConfigFileException(string.Create(
                CultureInfo.InvariantCulture,
                $"Cannot keep the owner of {original} (uid {owner.Value.Uid}, gid {owner.Value.Gid}); run as that user or as root. The file was left unchanged."));
        }
    }
}
