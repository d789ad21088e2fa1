using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace SrvProvisioner.Core.HomeserverConfig.Editing;

/// <summary>
/// Reads and sets a file's owner on Linux. .NET has no API for ownership
/// (<c>File.GetUnixFileMode</c> covers the mode only), so this calls glibc/musl <c>statx(2)</c>,
/// whose <c>struct statx</c> has the same layout on every architecture (uid at byte 20, gid at
/// 24), and <c>chown(2)</c>. Elsewhere (macOS, Windows) ownership is left as the OS makes it.
/// </summary>
internal static class UnixOwner
{
    private const int AtFdCwd = -100;
    private const uint StatxUid = 0x8;
    private const uint StatxGid = 0x10;

    public static (uint Uid, uint Gid)? Get(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, CString(path), 0, StatxUid | StatxGid, buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        return (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(20)), BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(24)));
    }

    /// <summary>Sets the owner; false when the OS refuses (not root and not the file's owner, …).</summary>
    public static bool Set(string path, (uint Uid, uint Gid) owner) => Chown(CString(path), owner.Uid, owner.Gid) == 0;

    private static byte[] CString(string path) => [.. Encoding.UTF8.GetBytes(path), 0];

    // DllImport, not LibraryImport: the generated marshalling needs unsafe code, and byte arrays
    // of a blittable type are pinned and passed as pointers by the runtime marshaller anyway.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int dirfd, byte[] pathname, int flags, uint mask, [Out] byte[] statxbuf);

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Chown(byte[] pathname, uint owner, uint group);
}
