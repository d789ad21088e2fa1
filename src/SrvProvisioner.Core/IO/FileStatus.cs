using System.Runtime.InteropServices;

namespace SrvProvisioner.Core.IO;

/// <summary>
/// What <c>statx(2)</c> says about a file: its type, permission bits, owner, link count, size
/// and identity (device and inode). <c>struct statx</c> has one layout on every Linux
/// architecture (statx(2), "The returned information").
/// </summary>
internal readonly record struct FileStatus(FileKind Kind, uint Mode, uint Uid, uint Gid, uint Links, long Size, ulong Device, ulong Inode)
{
    private const uint MaskBasic = 0x7ff; // STATX_BASIC_STATS

    public bool IsRegular => Kind == FileKind.Regular;

    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xfff);

    /// <summary>The status of an open descriptor (<c>AT_EMPTY_PATH</c>).</summary>
    public static FileStatus OfDescriptor(int fd, string pathForErrors) =>
        Query(fd, string.Empty, Libc.AtEmptyPath, pathForErrors) ?? throw new IOException($"statx of {pathForErrors} failed");

    /// <summary>The status of a path, or null when nothing has that name.</summary>
    public static FileStatus? OfPath(string path, bool followLinks) =>
        Query(Libc.AtFdCwd, path, followLinks ? 0 : Libc.AtSymlinkNoFollow, path);

    private static FileStatus? Query(int dirfd, string path, int flags, string pathForErrors)
    {
        var buffer = new byte[256];
        if (Libc.Statx(dirfd, path, flags, MaskBasic, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.ENOENT)
            {
                return null;
            }

            throw new IOException($"Cannot inspect {pathForErrors}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        ReadOnlySpan<byte> span = buffer;
        var mode = MemoryMarshal.Read<ushort>(span[28..]);
        var kind = (mode & 0xf000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xa000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0xc000 => FileKind.Socket,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Other,
        };
        return new FileStatus(
            kind,
            mode,
            MemoryMarshal.Read<uint>(span[20..]),
            MemoryMarshal.Read<uint>(span[24..]),
            MemoryMarshal.Read<uint>(span[16..]),
            (long)MemoryMarshal.Read<ulong>(span[40..]),
            ((ulong)MemoryMarshal.Read<uint>(span[136..]) << 32) | MemoryMarshal.Read<uint>(span[140..]),
            MemoryMarshal.Read<ulong>(span[32..]));
    }
}
