using System.Globalization;
using System.Security.Cryptography;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.IO;

/// <summary>
/// The one way srvprov replaces a file (zone files, config files, plan files). README, "Safety":
/// <list type="number">
/// <item>A symbolic link is followed to its final target, which is edited; the link stays.</item>
/// <item>The target must be a regular file with one link: a rename would split hard links.</item>
/// <item>An exclusive <c>flock(2)</c> on <c>.&lt;name&gt;.srvprov.lock</c> beside the target is
/// held from the read the edit is computed from to the rename (bounded wait, then refused).</item>
/// <item>The backup <c>&lt;name&gt;.srvprov-backup-&lt;UTC time&gt;[-N]</c> and the temporary
/// file are created with <c>O_CREAT|O_EXCL|O_NOFOLLOW</c> (never an existing path, never
/// through a planted link); owner, group and mode are set on the descriptor of the file just
/// created; both are flushed to disk.</item>
/// <item>Right before the rename the target is read again; if its bytes or its inode changed,
/// nothing is replaced (changed since plan).</item>
/// <item><c>rename(2)</c> in the target's directory (atomic on POSIX), then the directory is
/// flushed so the rename survives a crash.</item>
/// </list>
/// The new bytes are whatever the caller computed from the old bytes; nothing is decoded here.
/// </summary>
public sealed class AtomicFileReplacer
{
    public const string BackupInfix = ".srvprov-backup-";

    private const uint PrivateMode = 0x180; // 0600

    private readonly TimeProvider _time;
    private readonly TimeSpan _lockWait;

    public AtomicFileReplacer(TimeProvider time, TimeSpan lockWait)
    {
        _time = time;
        _lockWait = lockWait;
    }

    /// <summary>The bound on waiting for another run's lock on the same file.</summary>
    public static TimeSpan DefaultLockWait { get; } = TimeSpan.FromSeconds(10);

    public static AtomicFileReplacer Default { get; } = new(TimeProvider.System, DefaultLockWait);

    /// <summary>
    /// Edits an existing file: <paramref name="edit"/> receives its current bytes (read under the
    /// lock) and returns the new bytes, or throws (e.g. <see cref="StalePlanException"/>) to
    /// change nothing. Returns the replaced path and the backup's path.
    /// </summary>
    public Task<FileReplacement> EditAsync(string path, InputKind kind, Func<byte[], byte[]> edit, CancellationToken cancellationToken) =>
        EditAsync(path, kind, edit, null, cancellationToken);

    /// <summary>
    /// As <see cref="EditAsync(string, InputKind, Func{byte[], byte[]}, CancellationToken)"/>, with the
    /// backup placed by <paramref name="backupBase"/>: given the final target, the backup's path
    /// before <see cref="BackupInfix"/> (a reverse proxy's include glob would load a backup beside
    /// the file), or null for no backup (putting original bytes back after a failed check).
    /// </summary>
    public async Task<FileReplacement> EditAsync(string path, InputKind kind, Func<byte[], byte[]> edit, Func<string, string?>? backupBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(edit);
        if (!OperatingSystem.IsLinux())
        {
            return await ManagedEditAsync(path, kind, edit, cancellationToken);
        }

        var target = ResolveExisting(path, kind);
        using var held = await FileLock.AcquireAsync(target, _lockWait, _time, cancellationToken);
        var (current, status) = ReadTarget(path, target, kind);
        RequireSingleLink(path, kind, status);
        var updated = edit(current);
        cancellationToken.ThrowIfCancellationRequested();

        var backupAt = backupBase is null ? target : backupBase(target);
        var backup = backupAt is null ? null : CreateBackup(backupAt, current, status);
        var temp = CreateTemp(target, updated, status.Uid, status.Gid, status.Mode, keepOwner: true);
        CommitTemp(
            temp,
            target,
            () =>
            {
                // The changed-since check right before the rename: same file, same bytes.
                var (now, nowStatus) = ReadTarget(path, target, kind);
                if (nowStatus.Inode != status.Inode || nowStatus.Device != status.Device || !now.AsSpan().SequenceEqual(current))
                {
                    if (backup is not null)
                    {
                        File.Delete(backup);
                    }

                    throw new StalePlanException($"{path} changed while srvprov was writing it; nothing was replaced. Run plan again and review the new plan.");
                }
            },
            cancellationToken);
        return new FileReplacement(target, backup);
    }

    /// <summary>
    /// Writes an output (a plan file): private (0600) and owned by this process, replacing an
    /// existing regular file atomically. Refused when the path (after links) is one of
    /// <paramref name="inputs"/>, is not a regular file, or is hard linked.
    /// </summary>
    public Task<FileReplacement> WriteOutputAsync(string path, string description, byte[] content, IReadOnlyList<string> inputs, CancellationToken cancellationToken) =>
        WriteOutputAsync(path, description, content, inputs, followLinks: true, cancellationToken);

    /// <summary>
    /// <see cref="WriteOutputAsync(string, string, byte[], IReadOnlyList{string}, CancellationToken)"/>;
    /// with <paramref name="followLinks"/> false a symbolic link at <paramref name="path"/> is
    /// refused (receipts: a planted link must not redirect what undo will trust), and the rename
    /// goes onto the path itself, so a link planted after the check is replaced, never followed.
    /// </summary>
    public async Task<FileReplacement> WriteOutputAsync(string path, string description, byte[] content, IReadOnlyList<string> inputs, bool followLinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(inputs);
        var target = followLinks ? ResolveOutput(path, description) : CheckOutput(path, description, inputs);
        RefuseInput(path, target, description, inputs);
        if (!OperatingSystem.IsLinux())
        {
            await File.WriteAllBytesAsync(target, content, cancellationToken);
            return new FileReplacement(target, null);
        }

        using var held = await FileLock.AcquireAsync(target, _lockWait, _time, cancellationToken);
        if (FileStatus.OfPath(target, followLinks: false) is { } existing)
        {
            if (!existing.IsRegular)
            {
                throw new FileSafetyException($"The {description} {path} is {InputFile.Describe(existing.Kind)}; srvprov writes {description}s only as regular files. Give another path.");
            }

            RequireSingleLink(path, new InputKind(description, 0), existing);
        }

        var temp = CreateTemp(target, content, 0, 0, PrivateMode, keepOwner: false);
        CommitTemp(temp, target, static () => { }, cancellationToken);
        return new FileReplacement(target, null);
    }

    /// <summary>
    /// Renames <paramref name="temp"/> over <paramref name="target"/> once <paramref name="check"/>
    /// passes (it throws to keep the target as it is), deletes the temporary file when anything
    /// fails, and syncs the directory so that the rename survives a crash (rename(2) is atomic,
    /// but durable only once the directory entry is on disk).
    /// </summary>
    private static void CommitTemp(string temp, string target, Action check, CancellationToken cancellationToken)
    {
        var renamed = false;
        try
        {
            check();
            cancellationToken.ThrowIfCancellationRequested();
            Rename(temp, target);
            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                File.Delete(temp);
            }
        }

        SyncDirectory(target);
    }

    /// <summary>
    /// Checks, writing nothing that stays, that <see cref="EditAsync"/> could replace
    /// <paramref name="path"/> now: a regular single-link file, its owner keepable by this
    /// process, a temporary file creatable beside it, no link or special file at its lock's name. Apply runs this for every
    /// file before its first write, so a read-only directory fails before DNS changes.
    /// </summary>
    public Task CheckCanEditAsync(string path, InputKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!OperatingSystem.IsLinux())
        {
            return Task.CompletedTask;
        }

        var target = ResolveExisting(path, kind);
        var status = FileStatus.OfPath(target, followLinks: false)!.Value;
        var euid = Libc.Geteuid();
        if (euid != 0 && status.Uid != euid)
        {
            throw new FileSafetyException(string.Create(
                CultureInfo.InvariantCulture,
                $"Cannot keep the owner of {path} (uid {status.Uid}) when replacing it as uid {euid}; run as that user or as root. Nothing was written."));
        }

        // Nothing may stay behind when a later stage refuses: the lock file is only inspected,
        // the probe temporary file removed at once.
        FileLock.Inspect(target);
        cancellationToken.ThrowIfCancellationRequested();
        File.Delete(CreateTemp(target, [], status.Uid, status.Gid, PrivateMode, keepOwner: false));
        return Task.CompletedTask;
    }

    /// <summary>The final target of <paramref name="path"/> through any chain of symbolic links, as a full path.</summary>
    public static string ResolveLinks(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(full);
            if (info.LinkTarget is null)
            {
                return full;
            }

            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException ex)
        {
            throw new FileSafetyException($"Cannot follow the symbolic link {path}: {ex.Message}", ex);
        }
    }

    private static string ResolveExisting(string path, InputKind kind)
    {
        var target = ResolveLinks(path);
        var status = FileStatus.OfPath(target, followLinks: false)
            ?? throw new FileNotFoundException(target == Path.GetFullPath(path) ? $"Could not find file '{path}'." : $"{path} is a symbolic link to {target}, which does not exist.", path);
        InputFile.RequireRegular(path, kind, status.Kind);
        RequireSingleLink(path, kind, status);
        return target;
    }

    /// <summary>
    /// Checks, writing nothing, that an output that never follows links (a receipt) could be
    /// written at <paramref name="path"/>: not one of <paramref name="inputs"/> (by path or by
    /// device and inode), not a symbolic link, directory, FIFO, device or socket, not hard
    /// linked, in a directory that exists. Apply runs it before its first write, so a bad
    /// <c>--receipt</c> refuses the whole apply instead of leaving changes without a receipt.
    /// Returns the full path.
    /// </summary>
    public static string CheckOutput(string path, string description, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(inputs);
        var full = Path.GetFullPath(path);
        if ((OperatingSystem.IsLinux() ? FileStatus.OfPath(full, followLinks: false) : null) is { } existing)
        {
            if (!existing.IsRegular)
            {
                throw new FileSafetyException($"The {description} {path} is {InputFile.Describe(existing.Kind)}; srvprov writes {description}s only as new or regular files, never through a link. Give another path.");
            }

            RequireSingleLink(path, new InputKind(description, 0), existing);
        }
        else if (!OperatingSystem.IsLinux() && Directory.Exists(full))
        {
            throw new FileSafetyException($"The {description} {path} is a directory; give a file name.");
        }

        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new FileSafetyException($"The {description} {path}: the directory {directory} does not exist; create it first or give another path.");
        }

        RefuseInput(path, full, description, inputs);
        return full;
    }

    private static string ResolveOutput(string path, string description)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full) && new DirectoryInfo(full).LinkTarget is null)
        {
            throw new FileSafetyException($"The {description} {path} is a directory; give a file name.");
        }

        return ResolveLinks(full);
    }

    private static void RefuseInput(string path, string target, string description, IReadOnlyList<string> inputs)
    {
        var identity = Identity(target);
        foreach (var input in inputs)
        {
            var inputTarget = ResolveLinksOrSelf(input);
            var same = string.Equals(inputTarget, target, StringComparison.Ordinal)
                || (identity is not null && Identity(inputTarget) == identity);
            if (same)
            {
                throw new FileSafetyException($"The {description} {path} is also an input of this run ({input}); srvprov never overwrites its inputs. Give another path.");
            }
        }
    }

    private static string ResolveLinksOrSelf(string path)
    {
        try
        {
            return ResolveLinks(path);
        }
        catch (FileSafetyException)
        {
            return Path.GetFullPath(path);
        }
    }

    private static (ulong Device, ulong Inode)? Identity(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return FileStatus.OfPath(path, followLinks: true) is { } s ? (s.Device, s.Inode) : null;
    }

    private static void RequireSingleLink(string path, InputKind kind, FileStatus status)
    {
        if (status.Links > 1)
        {
            throw new FileSafetyException(string.Create(
                CultureInfo.InvariantCulture,
                $"The {kind.Description} {path} has {status.Links} hard links; replacing it atomically would split them. Make it a single file (cp {path} {path}.new && mv {path}.new {path}) or use a symbolic link, then run again. Nothing was written."));
        }
    }

    /// <summary>Reads the target without following a link at its final component (it was resolved already).</summary>
    private static (byte[] Bytes, FileStatus Status) ReadTarget(string path, string target, InputKind kind)
    {
        using var fd = UnixFd.TryOpen(target, Libc.ReadFlags | Libc.NoFollowFlag, 0, out var errno);
        if (fd is null)
        {
            if (errno == Libc.ELOOP)
            {
                throw new StalePlanException($"{path} was replaced by a symbolic link while srvprov was editing it; nothing was written. Check the file and run plan again.");
            }

            throw InputFile.OpenError(target, errno);
        }

        var bytes = InputFile.Read(fd, path, kind, out var status);
        return (bytes, status);
    }

    private string CreateBackup(string target, byte[] bytes, FileStatus original)
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var baseName = target + BackupInfix + stamp;
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var name = attempt == 0 ? baseName : baseName + "-" + attempt.ToString(CultureInfo.InvariantCulture);
            var fd = UnixFd.TryOpen(name, Libc.CreateExclusiveFlags, PrivateMode, out var errno);
            if (fd is null)
            {
                if (errno == Libc.EEXIST)
                {
                    continue;
                }

                throw new FileSafetyException($"Cannot create the backup {name}: {UnixFd.Error("open", name, errno).Message}; nothing was written.");
            }

            using (fd)
            {
                try
                {
                    Fill(fd, bytes, original.Uid, original.Gid, original.Mode, keepOwner: true);
                }
                catch
                {
                    File.Delete(name);
                    throw;
                }
            }

            return name;
        }

        throw new FileSafetyException($"Cannot find a free backup name beside {target} ({baseName}-N); remove old backups and run again. Nothing was written.");
    }

    private static string CreateTemp(string target, byte[] bytes, uint uid, uint gid, uint mode, bool keepOwner)
    {
        var directory = Path.GetDirectoryName(target)!;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var name = Path.Combine(directory, "." + Path.GetFileName(target) + ".srvprov-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + ".tmp");
            var fd = UnixFd.TryOpen(name, Libc.CreateExclusiveFlags, PrivateMode, out var errno);
            if (fd is null)
            {
                if (errno == Libc.EEXIST)
                {
                    continue;
                }

                throw new FileSafetyException($"Cannot create a temporary file in {directory}: {UnixFd.Error("open", name, errno).Message}; nothing was written.");
            }

            using (fd)
            {
                try
                {
                    Fill(fd, bytes, uid, gid, mode, keepOwner);
                }
                catch
                {
                    File.Delete(name);
                    throw;
                }
            }

            return name;
        }

        throw new FileSafetyException($"Cannot create a temporary file in {directory}; nothing was written.");
    }

    /// <summary>Owner first, then mode: chown(2) clears set-user-ID bits, which the mode restores.</summary>
    private static void Fill(UnixFd fd, byte[] bytes, uint uid, uint gid, uint mode, bool keepOwner)
    {
        if (keepOwner)
        {
            var created = fd.Status();
            if ((created.Uid != uid || created.Gid != gid) && !fd.TryChown(uid, gid))
            {
                throw new FileSafetyException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Cannot keep the owner of {fd.Path} (uid {uid}, gid {gid}); run as that user or as root. Nothing was written."));
            }
        }

        fd.Chmod(mode);
        fd.WriteAll(bytes);
        fd.Sync();
    }

    private static void Rename(string temp, string target) => File.Move(temp, target, overwrite: true);

    private static void SyncDirectory(string target)
    {
        // Best effort: the rename has happened; some file systems refuse fsync on a directory.
        using var dir = UnixFd.TryOpen(Path.GetDirectoryName(target)!, Libc.DirectoryFlags, 0, out _);
        try
        {
            dir?.Sync();
        }
        catch (IOException)
        {
        }
    }

    private async Task<FileReplacement> ManagedEditAsync(string path, InputKind kind, Func<byte[], byte[]> edit, CancellationToken cancellationToken)
    {
        // Outside Linux (development on macOS/Windows): same order, without owner, flock and
        // O_NOFOLLOW, which .NET does not expose portably.
        var target = ResolveLinks(path);
        var current = InputFile.ReadAllBytes(target, kind);
        var updated = edit(current);
        var backup = target + BackupInfix + _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        await using (var stream = new FileStream(backup, FileMode.CreateNew, FileAccess.Write))
        {
            await stream.WriteAsync(current, cancellationToken);
        }

        var temp = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".srvprov-" + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                await stream.WriteAsync(updated, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
            }

            if (!File.ReadAllBytes(target).AsSpan().SequenceEqual(current))
            {
                File.Delete(backup);
                throw new StalePlanException($"{path} changed while srvprov was writing it; nothing was replaced. Run plan again and review the new plan.");
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return new FileReplacement(target, backup);
    }
}
