using System.Globalization;
using System.Runtime.InteropServices;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.IO;

/// <summary>
/// Reads an input file safely: opened without blocking (a FIFO or a device opens at once and is
/// then refused), checked to be a regular file (or a symlink to one) through the open
/// descriptor, and read up to its kind's size cap. Every input srvprov reads goes through here.
/// </summary>
public static class InputFile
{
    /// <summary>The file's bytes. <see cref="FileSafetyException"/> for a non-regular or too large file; <see cref="IOException"/> / <see cref="UnauthorizedAccessException"/> when it cannot be opened.</summary>
    public static byte[] ReadAllBytes(string path, InputKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!OperatingSystem.IsLinux())
        {
            return ReadManaged(path, kind);
        }

        using var fd = UnixFd.TryOpen(path, Libc.ReadFlags, 0, out var errno) ?? throw OpenError(path, errno);
        return Read(fd, path, kind, out _);
    }

    /// <summary>The file as UTF-8 text (a byte order mark dropped), with the same checks as <see cref="ReadAllBytes"/>.</summary>
    public static string ReadAllText(string path, InputKind kind)
    {
        var bytes = ReadAllBytes(path, kind);
        var start = bytes.AsSpan().StartsWith(System.Text.Encoding.UTF8.Preamble) ? System.Text.Encoding.UTF8.Preamble.Length : 0;
        return System.Text.Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }

    public static Task<byte[]> ReadAllBytesAsync(string path, InputKind kind, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ReadAllBytes(path, kind));
    }

    internal static byte[] Read(UnixFd fd, string path, InputKind kind, out FileStatus status)
    {
        status = fd.Status();
        RequireRegular(path, kind, status.Kind);
        RequireSize(path, kind, status.Size);
        return fd.ReadAll(status.Size, kind.MaxBytes) ?? throw TooLarge(path, kind, kind.MaxBytes + 1);
    }

    internal static void RequireRegular(string path, InputKind kind, FileKind found)
    {
        if (found != FileKind.Regular)
        {
            throw new FileSafetyException($"The {kind.Description} {path} is {Describe(found)}, not a regular file; give the path of the file itself.");
        }
    }

    internal static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Regular => "a regular file",
        _ => "a special file",
    };

    /// <summary>The errno of a failed open(2) as the exception .NET's own file APIs would throw, so callers keep one catch.</summary>
    internal static IOException OpenError(string path, int errno) => errno switch
    {
        Libc.ENOENT => new FileNotFoundException($"Could not find file '{path}'.", path),
        _ => new IOException(Marshal.GetPInvokeErrorMessage(errno)),
    };

    private static void RequireSize(string path, InputKind kind, long size)
    {
        if (size > kind.MaxBytes)
        {
            throw TooLarge(path, kind, size);
        }
    }

    private static FileSafetyException TooLarge(string path, InputKind kind, long size) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The {kind.Description} {path} has {size} bytes or more; srvprov reads at most {kind.MaxBytes} bytes from a {kind.Description}."));

    private static byte[] ReadManaged(string path, InputKind kind)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Attributes.HasFlag(FileAttributes.Directory))
        {
            RequireRegular(path, kind, FileKind.Directory);
        }

        if (info.Exists)
        {
            RequireSize(path, kind, info.Length);
        }

        var bytes = File.ReadAllBytes(path);
        RequireSize(path, kind, bytes.Length);
        return bytes;
    }
}
