using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Core.Acme;

/// <summary>
/// Installs an obtained certificate: the key alone at the key path, the full chain at the
/// certificate path, each through <see cref="AtomicFileReplacer"/> (an existing file keeps its
/// owner and mode, a new one is created 0600 by this user). A path that is a symbolic link or
/// not a regular file is refused, and so is an existing key file that others can read: the key
/// must never be world-readable, not even for the moment of an install.
/// </summary>
public sealed class CertificateInstaller(AtomicFileReplacer replacer)
{
    private const uint OtherBits = 0x7; // 0007

    /// <summary>Checked before the ACME client runs, so a bad path costs no certificate order.</summary>
    public static void CheckTargets(string certPath, string keyPath)
    {
        ArgumentNullException.ThrowIfNull(certPath);
        ArgumentNullException.ThrowIfNull(keyPath);
        if (string.Equals(Path.GetFullPath(certPath), Path.GetFullPath(keyPath), StringComparison.Ordinal))
        {
            throw new InvalidInputException("--cert-path and --key-path are the same file: the key goes alone in its own file.");
        }

        CheckTarget(certPath, "--cert-path");
        if (CheckTarget(keyPath, "--key-path") is { } key && (key.Mode & OtherBits) != 0)
        {
            throw new FileSafetyException($"--key-path {keyPath} is readable or writable by others (mode {Convert.ToString(key.Mode & 0xfff, 8)}); a private key must not be: chmod o-rwx {keyPath}");
        }
    }

    public async Task InstallAsync(ObtainedCertificate obtained, string certPath, string keyPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obtained);
        CheckTargets(certPath, keyPath);

        // The key first: a certificate whose key is not in place yet must never be the one on disk.
        await WriteAsync(keyPath, "key file", InputKind.KeyFile, obtained.KeyPem, [certPath], cancellationToken);
        await WriteAsync(certPath, "certificate file", InputKind.PemFile, obtained.ChainPem, [keyPath], cancellationToken);
    }

    private static FileStatus? CheckTarget(string path, string option)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var status = FileStatus.OfPath(path, followLinks: false);
        if (status is { Kind: FileKind.SymbolicLink })
        {
            throw new FileSafetyException($"{option} {path} is a symbolic link; give the file itself (srvprov installs certificates and keys only as regular files).");
        }

        if (status is { } s && !s.IsRegular)
        {
            throw new FileSafetyException($"{option} {path} is {InputFile.Describe(s.Kind)}, not a regular file.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new InvalidInputException($"{option} {path}: the directory {directory} does not exist; create it first.");
        }

        return status;
    }

    private async Task WriteAsync(string path, string description, InputKind kind, byte[] content, IReadOnlyList<string> others, CancellationToken cancellationToken)
    {
        // No backups: every renewal would leave another copy of a private key beside it.
        if (File.Exists(path))
        {
            await replacer.EditAsync(path, kind, _ => content, _ => null, cancellationToken);
        }
        else
        {
            await replacer.WriteOutputAsync(path, description, content, others, cancellationToken);
        }
    }
}
