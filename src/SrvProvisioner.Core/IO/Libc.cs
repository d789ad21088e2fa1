using System.Runtime.InteropServices;

namespace SrvProvisioner.Core.IO;

/// <summary>
/// The few Linux system calls .NET does not expose: <c>open(2)</c> with <c>O_NOFOLLOW</c> /
/// <c>O_NONBLOCK</c>, <c>statx(2)</c> (one struct layout on every architecture, unlike
/// <c>struct stat</c>), <c>fchown(2)</c>, <c>flock(2)</c>, <c>fsync(2)</c> of a directory, and the C library's own
/// environment (<c>getenv(3)</c>/<c>setenv(3)</c>: native code reads it, not .NET's copy).
/// Source-generated <see cref="LibraryImportAttribute"/> stubs keep the Native AOT build clean.
/// </summary>
internal static partial class Libc
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EEXIST = 17;
    public const int EWOULDBLOCK = 11;
    public const int ELOOP = 40;

    public const int AtFdCwd = -100;
    public const int AtEmptyPath = 0x1000;
    public const int AtSymlinkNoFollow = 0x100;

    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int Unlock = 8;

    private const int ORdOnly = 0;
    private const int OWrOnly = 1;
    private const int OCreat = 0x40;
    private const int OExcl = 0x80;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;

    // O_NOFOLLOW and O_DIRECTORY are the two open flags whose values differ between Linux
    // architectures: arm/arm64 use 0100000/040000, the asm-generic ones (x86, x64, riscv,
    // loongarch) 0400000/0200000.
    private static readonly bool IsArm = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6;

    private static int ONoFollow => IsArm ? 0x8000 : 0x20000;

    private static int ODirectory => IsArm ? 0x4000 : 0x10000;

    /// <summary>Read-only, never blocking (a FIFO opens at once), links followed.</summary>
    public static int ReadFlags => ORdOnly | ONonBlock | ONoCtty | OCloExec;

    /// <summary>A new file: fails with EEXIST when anything (a planted link too) has the name.</summary>
    public static int CreateExclusiveFlags => OWrOnly | OCreat | OExcl | ONoFollow | ONoCtty | OCloExec;

    /// <summary>The lock file: created if missing, never through a link, never blocking.</summary>
    public static int LockFileFlags => ORdOnly | OCreat | ONoFollow | ONonBlock | ONoCtty | OCloExec;

    /// <summary>Added to <see cref="ReadFlags"/> where the final component must not be a link.</summary>
    public static int NoFollowFlag => ONoFollow;

    public static int DirectoryFlags => ORdOnly | ODirectory | OCloExec;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Fchown(int fd, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Fchmod(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial IntPtr Getenv(string name);

    [LibraryImport("libc", EntryPoint = "setenv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Setenv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Unsetenv(string name);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
