using System.Globalization;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.IO;

/// <summary>
/// An exclusive advisory lock (<c>flock(2)</c>) on <c>.&lt;name&gt;.srvprov.lock</c> beside a
/// file srvprov replaces, held from the last read of the file to its rename, so two runs
/// editing one file take turns instead of losing one's update. The lock file is created
/// without following links and is left in place: removing it would let a waiting run lock
/// an unlinked inode while a third creates a new one.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly IDisposable? _handle;

    private FileLock(IDisposable? handle)
    {
        _handle = handle;
    }

    public static string PathFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".srvprov.lock");

    /// <summary>
    /// Checks, creating nothing, that the lock file could be used: absent, or a regular file.
    /// A planted link or special file is refused before apply writes anything.
    /// </summary>
    public static void Inspect(string target)
    {
        var lockPath = PathFor(target);
        if (OperatingSystem.IsLinux() && FileStatus.OfPath(lockPath, followLinks: false) is { IsRegular: false } status)
        {
            throw new FileSafetyException(status.Kind == FileKind.SymbolicLink
                ? $"The lock file {lockPath} is a symbolic link; srvprov does not follow it. Remove it and run again. Nothing was written."
                : $"The lock file {lockPath} is {InputFile.Describe(status.Kind)}; remove it and run again. Nothing was written.");
        }
    }

    /// <summary>Waits up to <paramref name="wait"/> for the lock, then refuses as stale.</summary>
    public static async Task<FileLock> AcquireAsync(string target, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        var lockPath = PathFor(target);
        if (!OperatingSystem.IsLinux())
        {
            return new FileLock(null);
        }

        var fd = UnixFd.TryOpen(lockPath, Libc.LockFileFlags, 0x180 /* 0600 */, out var errno);
        if (fd is null)
        {
            throw new FileSafetyException(errno == Libc.ELOOP
                ? $"The lock file {lockPath} is a symbolic link; srvprov does not follow it. Remove it and run again."
                : $"Cannot create the lock file {lockPath} beside {target}: {UnixFd.Error("open", lockPath, errno).Message}; nothing was written.");
        }

        try
        {
            var kind = fd.Status().Kind;
            if (kind != FileKind.Regular)
            {
                throw new FileSafetyException($"The lock file {lockPath} is {InputFile.Describe(kind)}; remove it and run again. Nothing was written.");
            }

            var deadline = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);
            while (!fd.TryLockExclusive())
            {
                if (time.GetTimestamp() >= deadline)
                {
                    throw new StalePlanException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Another srvprov run has been editing {target} for more than {wait.TotalSeconds:0} s (it holds {lockPath}); nothing was written. Run plan again when it has finished."));
                }

                await Task.Delay(PollInterval, time, cancellationToken);
            }

            return new FileLock(fd);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Closing the descriptor releases the lock (flock(2), "NOTES").</summary>
    public void Dispose() => _handle?.Dispose();
}
