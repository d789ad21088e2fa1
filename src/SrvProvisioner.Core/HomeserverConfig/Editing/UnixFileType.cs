using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace SrvProvisioner.Core.HomeserverConfig.Editing;

/// <summary>
/// Tells a regular file from a FIFO, device, socket or directory before it is opened: opening a
/// FIFO for reading blocks until someone writes, and a device can be endless. Uses
/// <c>statx(2)</c> (links followed, as <c>open(2)</c> would), whose <c>stx_mode</c> sits at byte 28
/// on every architecture. Elsewhere than Linux every existing path counts as regular.
/// </summary>
internal static class UnixFileType
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const ushort TypeMask = 0xF000;
    private const ushort Regular = 0x8000;

    /// <summary>True for a regular file (after following links); false for anything else or a missing path.</summary>
    public static bool IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.Exists(path);
        }

        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, [.. Encoding.UTF8.GetBytes(path), 0], 0, StatxType, buffer) != 0)
            {
                return false;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return File.Exists(path);
        }

        return (BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28)) & TypeMask) == Regular;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int dirfd, byte[] pathname, int flags, uint mask, [Out] byte[] statxbuf);
}
