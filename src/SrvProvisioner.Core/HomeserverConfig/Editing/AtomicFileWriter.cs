using System.Globalization;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.HomeserverConfig.Editing;

/// <summary>
/// Replaces a file so that a reader sees the old bytes or the new ones, never a mix: the new
/// bytes go to a temporary file in the same directory (same file system, so rename(2) is
/// atomic), with the old file's mode and owner, flushed to disk, then renamed over it. A copy
/// of the old bytes stays beside it as <c>&lt;file&gt;.srvprov-backup-&lt;UTC time&gt;</c>.
/// When the owner cannot be kept (not root, file owned by someone else) nothing is written.
/// </summary>
internal static class AtomicFileWriter
{
    public static async Task<string> ReplaceAsync(string path, byte[] expectedCurrent, byte[] content, TimeProvider time, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(directory, "." + Path.GetFileName(full) + ".srvprov-" + Guid.NewGuid().ToString("N")[..8]);
        var backup = full + ".srvprov-backup-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await stream.WriteAsync(content, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            KeepModeAndOwner(full, temp);
            await File.WriteAllBytesAsync(backup, expectedCurrent, cancellationToken);
            KeepModeAndOwner(full, backup);

            // Last look before the rename: the plan's bytes must still be the file's bytes.
            var now = await File.ReadAllBytesAsync(full, cancellationToken);
            if (!now.AsSpan().SequenceEqual(expectedCurrent))
            {
                File.Delete(backup);
                throw new StalePlanException($"{path} changed since plan; nothing was applied to it. Run plan again and review the new plan.");
            }

            File.Move(temp, full, overwrite: true);
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
