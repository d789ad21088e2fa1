using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SrvProvisioner.Core.IO;

/// <summary>
/// An open Linux file descriptor and the operations the replacer performs on it, never on a
/// path: a descriptor stays bound to the file it was opened on, however the names around it
/// change (openat(2), "Rationale for openat()").
/// </summary>
internal sealed class UnixFd : IDisposable
{
    private readonly SafeFileHandle _handle;

    private UnixFd(int fd, string path)
    {
        _handle = new SafeFileHandle(fd, ownsHandle: true);
        Path = path;
    }

    public string Path { get; }

    private int Fd => (int)_handle.DangerousGetHandle();

    /// <summary>Opens <paramref name="path"/>; returns null with the errno when open(2) fails.</summary>
    public static UnixFd? TryOpen(string path, int flags, uint mode, out int errno)
    {
        while (true)
        {
            var fd = Libc.Open(path, flags, mode);
            if (fd >= 0)
            {
                errno = 0;
                return new UnixFd(fd, path);
            }

            errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EINTR)
            {
                return null;
            }
        }
    }

    public static UnixFd Open(string path, int flags, uint mode) =>
        TryOpen(path, flags, mode, out var errno) ?? throw Error("open", path, errno);

    public static IOException Error(string call, string path, int errno) =>
        new($"{call} {path}: {Marshal.GetPInvokeErrorMessage(errno)}");

    public FileStatus Status() => FileStatus.OfDescriptor(Fd, Path);

    /// <summary>Reads the whole file; null when it holds more than <paramref name="maxBytes"/> (it may grow while read).</summary>
    public byte[]? ReadAll(long size, long maxBytes)
    {
        var buffer = new byte[(int)Math.Min(size, maxBytes) + 1];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
            }

            var read = RandomAccess.Read(_handle, buffer.AsSpan(total), total);
            if (read == 0)
            {
                return buffer[..total];
            }

            total += read;
        }
    }

    public void WriteAll(ReadOnlySpan<byte> bytes) => RandomAccess.Write(_handle, bytes, 0);

    public void Sync() => Check(Libc.Fsync(Fd), "fsync");

    public bool TryChown(uint uid, uint gid) => Libc.Fchown(Fd, uid, gid) == 0;

    public void Chmod(uint mode) => Check(Libc.Fchmod(Fd, mode & 0xfff), "fchmod");

    /// <summary>flock(2) without waiting; false when another descriptor holds the lock.</summary>
    public bool TryLockExclusive()
    {
        while (true)
        {
            if (Libc.Flock(Fd, Libc.LockExclusive | Libc.LockNonBlocking) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EWOULDBLOCK)
            {
                return false;
            }

            if (errno != Libc.EINTR)
            {
                throw Error("flock", Path, errno);
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private void Check(int result, string call)
    {
        if (result != 0)
        {
            throw Error(call, Path, Marshal.GetLastPInvokeError());
        }
    }
}
