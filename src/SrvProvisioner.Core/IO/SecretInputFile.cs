using System.Globalization;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.IO;

/// <summary>
/// Reads a file that may carry secrets and steers what srvprov writes (a hook's settings file,
/// run unattended as root by a renewal timer): the path itself must not be a symbolic link
/// (opened with <c>O_NOFOLLOW</c>, so none can be swapped in after a check), the file must be
/// regular, owned by this user or root, and writable by nobody else. Whoever could change it
/// could point the hook at their own DNS server or key.
/// </summary>
public static class SecretInputFile
{
    private const uint GroupOrOtherWrite = 0x12; // 0022

    public static string ReadAllText(string path, InputKind kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(kind);
        if (!OperatingSystem.IsLinux())
        {
            return InputFile.ReadAllText(path, kind);
        }

        using var fd = UnixFd.TryOpen(path, Libc.ReadFlags | Libc.NoFollowFlag, 0, out var errno)
            ?? throw (errno == Libc.ELOOP
                ? new FileSafetyException($"The {kind.Description} {path} is a symbolic link; give the file itself (a link could be pointed elsewhere).")
                : InputFile.OpenError(path, errno));
        var status = fd.Status();
        InputFile.RequireRegular(path, kind, status.Kind);
        if ((status.Mode & GroupOrOtherWrite) != 0)
        {
            throw new FileSafetyException(string.Create(CultureInfo.InvariantCulture, $"The {kind.Description} {path} is writable by group or others (mode {Convert.ToString(status.Mode & 0xfff, 8)}); run: chmod go-w {path}"));
        }

        var euid = Libc.Geteuid();
        if (status.Uid != euid && status.Uid != 0)
        {
            throw new FileSafetyException(string.Create(CultureInfo.InvariantCulture, $"The {kind.Description} {path} belongs to uid {status.Uid}, not to this user (uid {euid}) or root; another user could change it."));
        }

        var bytes = InputFile.Read(fd, path, kind, out _);
        var start = bytes.AsSpan().StartsWith(System.Text.Encoding.UTF8.Preamble) ? System.Text.Encoding.UTF8.Preamble.Length : 0;
        return System.Text.Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}
