using System.Buffers;
using System.Buffers.Text;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SrvProvisioner.Core.Hosting;

namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// The system's trust store (the files OpenSSL and .NET read: <c>SSL_CERT_FILE</c> and
/// <c>SSL_CERT_DIR</c>, else the distribution's defaults), read once per process on a worker
/// thread as soon as <see cref="Start"/> is called and awaited only by a verdict that needs
/// it. Certificates are indexed by subject name without being parsed; a chain build gets only
/// the few whose names can issue the presented chain. Loading the whole store the platform's
/// way (~145 certificates parsed, ~75 ms of CPU) was on the critical path of every verify run
/// and of <c>plan --cert-file</c> (docs/performance.md).
/// </summary>
public sealed class SystemRootStore
{
    private const long MaxFileBytes = 4 * 1024 * 1024;

    private static readonly string[] DefaultFiles =
    [
        "/usr/lib/ssl/cert.pem", // Debian, Ubuntu (OpenSSL's OPENSSLDIR)
        "/etc/ssl/cert.pem", // Alpine, Arch, macOS-style layouts
        "/etc/pki/tls/cert.pem", // Fedora, RHEL
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/ssl/ca-bundle.pem", // openSUSE
    ];

    private static readonly string[] DefaultDirectories = ["/usr/lib/ssl/certs", "/etc/ssl/certs", "/etc/pki/tls/certs"];

    private readonly Lazy<Task<IReadOnlyDictionary<string, List<SystemRootEntry>>>> _index;

    public SystemRootStore(IReadOnlyList<string> files, IReadOnlyList<string> directories)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(directories);
        _index = new(() => Task.Run<IReadOnlyDictionary<string, List<SystemRootEntry>>>(() => Load(files, directories)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The store of this process, from the environment as OpenSSL reads it.</summary>
    public static SystemRootStore Shared { get; } = FromEnvironment();

    /// <summary>Starts reading the store in the background (idempotent).</summary>
    public void Start() => _ = _index.Value;

    /// <summary>Store certificates whose subject is <paramref name="subjectKey"/> (waits for the load).</summary>
    internal IReadOnlyList<SystemRootEntry> Find(string subjectKey) =>
        _index.Value.GetAwaiter().GetResult().TryGetValue(subjectKey, out var list) ? list : [];

    private static SystemRootStore FromEnvironment()
    {
        // OpenSSL's rules: SSL_CERT_FILE replaces the default file, SSL_CERT_DIR (a ':'-separated
        // list) the default directory; the first default that exists stands for OPENSSLDIR.
        var file = EnvironmentReader.Process.Get("SSL_CERT_FILE");
        var dirs = EnvironmentReader.Process.Get("SSL_CERT_DIR");
        IReadOnlyList<string> files = !string.IsNullOrEmpty(file) ? [file] : [.. DefaultFiles.Where(File.Exists).Take(1)];
        IReadOnlyList<string> directories = !string.IsNullOrEmpty(dirs)
            ? dirs.Split(':', StringSplitOptions.RemoveEmptyEntries)
            : [.. DefaultDirectories.Where(Directory.Exists).Take(1)];
        return new SystemRootStore(files, directories);
    }

    private static Dictionary<string, List<SystemRootEntry>> Load(IReadOnlyList<string> files, IReadOnlyList<string> directories)
    {
        var index = new Dictionary<string, List<SystemRootEntry>>(StringComparer.Ordinal);
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var seenCertificates = new HashSet<byte[]>(ByteContentComparer.Instance);
        foreach (var file in files)
        {
            AddFile(file, index, seenFiles, seenCertificates);
        }

        foreach (var directory in directories)
        {
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFiles(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                AddFile(entry, index, seenFiles, seenCertificates);
            }
        }

        return index;
    }

    private static void AddFile(string path, Dictionary<string, List<SystemRootEntry>> index, HashSet<string> seenFiles, HashSet<byte[]> seenCertificates)
    {
        byte[] bytes;
        try
        {
            // The directory holds each certificate twice (name and hash links): read each real file once.
            var real = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
            if (!seenFiles.Add(real))
            {
                return;
            }

            var info = new FileInfo(real);
            if (!info.Exists || info.Length > MaxFileBytes)
            {
                return;
            }

            bytes = File.ReadAllBytes(real);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        if (bytes.Length > 0 && bytes[0] == 0x30)
        {
            Add(bytes, index, seenCertificates);
            return;
        }

        // PEM read as the UTF-8 bytes it is (no string copy of a 200 KB bundle).
        ReadOnlySpan<byte> text = bytes;
        while (PemEncoding.TryFindUtf8(text, out var fields))
        {
            if (text[fields.Label].SequenceEqual("CERTIFICATE"u8))
            {
                var der = new byte[fields.DecodedDataLength];
                if (Base64.DecodeFromUtf8(text[fields.Base64Data], der, out _, out var written) == OperationStatus.Done)
                {
                    Add(written == der.Length ? der : der[..written], index, seenCertificates);
                }
            }

            text = text[fields.Location.End..];
        }
    }

    private static void Add(byte[] der, Dictionary<string, List<SystemRootEntry>> index, HashSet<byte[]> seenCertificates)
    {
        // Distributions ship each certificate twice (the bundle file and the directory): a
        // duplicate is dropped before its names are read.
        if (!seenCertificates.Add(der) || !TryReadNames(der, out var issuer, out var subject))
        {
            return;
        }

        var entry = new SystemRootEntry(der, DistinguishedNameKey.FromEncodedName(subject), DistinguishedNameKey.FromEncodedName(issuer));
        if (!index.TryGetValue(entry.SubjectKey, out var list))
        {
            index[entry.SubjectKey] = [entry];
            return;
        }

        list.Add(entry);
    }

    /// <summary>Issuer and subject of a certificate (RFC 5280 §4.1: TBSCertificate's fourth and sixth fields).</summary>
    private static bool TryReadNames(byte[] der, out ReadOnlyMemory<byte> issuer, out ReadOnlyMemory<byte> subject)
    {
        issuer = default;
        subject = default;
        try
        {
            var tbs = new AsnReader(der, AsnEncodingRules.BER).ReadSequence().ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                tbs.ReadEncodedValue(); // version
            }

            tbs.ReadEncodedValue(); // serialNumber
            tbs.ReadEncodedValue(); // signature
            issuer = tbs.ReadEncodedValue();
            tbs.ReadEncodedValue(); // validity
            subject = tbs.ReadEncodedValue();
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
