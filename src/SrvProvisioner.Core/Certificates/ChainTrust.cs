using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// The one chain verdict of every TLS connection and certificate file the tool judges: trusted
/// by the extra anchors (<c>--ca-file</c>) or by the system store. Revocation is not checked
/// and nothing is downloaded (AIA): the verdict must not depend on network access beyond the
/// server being probed. The system store is read once per process, off the critical path: our
/// own subject index of it (<see cref="SystemRootStore"/>) for an offline <c>--cert-file</c>
/// check and for verify, whose process keeps the platform's copy empty
/// (<see cref="PlatformStoreIsolation"/>); in other processes that make TLS connections (apply)
/// the platform's copy, which every handshake loads anyway, in the background
/// (<see cref="PrepareForHandshakes"/>). A chain that no store certificate can anchor is judged
/// without the platform's builder.
/// </summary>
public sealed class ChainTrust
{
    // One verdict per distinct chain for the life of a run: a hosting operator serves one
    // certificate for many domains, and the verdict ignores time (validity has its own check).
    private readonly ConcurrentDictionary<string, (bool Trusted, string Detail)> _verdicts = new(StringComparer.Ordinal);
    private readonly SystemRootStore _system;

    // Set once TLS handshakes are expected: the platform loads its own copy of the store for
    // them anyway, so system verdicts use it instead of reading the store a second time.
    private volatile bool _platformStore;

    public ChainTrust(IReadOnlyList<X509Certificate2>? extraAnchors = null, SystemRootStore? systemStore = null)
    {
        ExtraAnchors = extraAnchors ?? [];
        _system = systemStore ?? SystemRootStore.Shared;
    }

    public IReadOnlyList<X509Certificate2> ExtraAnchors { get; }

    public static ChainTrust FromCaFile(string? caFile) =>
        caFile is null ? new ChainTrust() : new ChainTrust(PemCertificates.Load(caFile, "--ca-file"));

    /// <summary>Starts loading the system store in the background, so a verdict that needs it finds it ready.</summary>
    public void Prepare() => _system.Start();

    /// <summary>
    /// For a process that makes TLS connections: the system store is read once per process, in
    /// the background. Where the platform's copy was kept empty (<see cref="PlatformStoreIsolation"/>,
    /// verify) that is our subject index, as for an offline check; otherwise the platform's copy,
    /// which every handshake's own chain build reads anyway, answers the system verdicts.
    /// </summary>
    public void PrepareForHandshakes()
    {
        if (PlatformStoreIsolation.IsActive)
        {
            Prepare();
            return;
        }

        _platformStore = true;
        PlatformStoreWarmup.Start();
    }

    /// <summary>Builds the chain of <paramref name="leaf"/> with <paramref name="intermediates"/>: trusted, and by what or why not.</summary>
    public (bool Trusted, string Detail) Evaluate(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(intermediates);
        var extra = intermediates.Where(c => c.Thumbprint != leaf.Thumbprint).ToList();
        var key = string.Join('/', extra.Select(c => c.Thumbprint).Prepend(leaf.Thumbprint));
        return _verdicts.GetOrAdd(key, _ => EvaluateUncached(leaf, extra, now));
    }

    /// <summary>
    /// The verdict on a server's certificate for <paramref name="host"/> (a DNS name or an IP
    /// literal, RFC 2818 §3.1), from what a TLS handshake presented: the leaf and the chain
    /// the server sent (<see cref="X509Chain.ChainPolicy"/>'s extra store).
    /// </summary>
    public (bool Accepted, string Detail) JudgeServer(X509Certificate? certificate, X509Chain? chain, string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (certificate is null)
        {
            return (false, "the server presented no certificate");
        }

        // Judged inside the handshake's callback, while SslStream still holds its certificate: no copy
        // (decoding the bytes again was a tenth of a fleet verify's CPU time, docs/performance.md).
        using var copy = certificate as X509Certificate2 is null ? new X509Certificate2(certificate) : null;
        var leaf = copy ?? (X509Certificate2)certificate;
        if (!CertificateNameMatcher.Covers(leaf, host))
        {
            return (false, $"the certificate does not cover {host} (names: {string.Join(", ", CertificateNameMatcher.GetNames(leaf))})");
        }

        IEnumerable<X509Certificate2> sent = chain?.ChainPolicy.ExtraStore ?? [];
        var (trusted, detail) = Evaluate(leaf, sent, DateTimeOffset.UtcNow);
        if (!trusted)
        {
            return (false, $"the certificate is {detail}");
        }

        var now = DateTime.UtcNow;
        return leaf.NotBefore.ToUniversalTime() <= now && now <= leaf.NotAfter.ToUniversalTime()
            ? (true, detail)
            : (false, $"the certificate is not valid now (valid {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd} to {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd})");
    }

    private (bool Trusted, string Detail) EvaluateUncached(X509Certificate2 leaf, List<X509Certificate2> extra, DateTimeOffset now)
    {
        // The --ca-file anchors are few and in memory: asking them first spares the system
        // store for private CAs; public certificates fall through to it.
        if (ExtraAnchors.Count > 0)
        {
            var custom = Build(leaf, extra, ExtraAnchors, now);
            if (custom.Trusted)
            {
                return (true, "trusted by --ca-file");
            }
        }

        if (_platformStore)
        {
            var platform = Build(leaf, extra, null, now);
            return platform.Trusted ? (true, "trusted by the system store") : (false, platform.Detail);
        }

        var (anchors, storeIntermediates) = SystemCandidates(leaf, extra);
        if (anchors.Count == 0)
        {
            // No store certificate carries a name this chain could end at (RFC 5280 §6.1 chains
            // by name), so nothing can anchor it: untrusted, without the platform's builder.
            return (false, Unanchored(leaf, extra));
        }

        var system = Build(leaf, [.. extra, .. storeIntermediates], anchors, now);
        return system.Trusted ? (true, "trusted by the system store") : (false, system.Detail);
    }

    /// <summary>Why a chain with no possible anchor is not trusted, in OpenSSL's words, and where it ends.</summary>
    private static string Unanchored(X509Certificate2 leaf, List<X509Certificate2> presented)
    {
        var top = leaf;
        for (var depth = 0; depth < presented.Count && !IsSelfIssued(top); depth++)
        {
            var issuer = DistinguishedNameKey.FromEncodedName(top.IssuerName.RawData);
            var next = presented.FirstOrDefault(c => c != top && DistinguishedNameKey.FromEncodedName(c.SubjectName.RawData) == issuer);
            if (next is null)
            {
                break;
            }

            top = next;
        }

        var text = !IsSelfIssued(top) ? "unable to get local issuer certificate"
            : ReferenceEquals(top, leaf) ? "self-signed certificate"
            : "self-signed certificate in certificate chain";
        return $"not trusted: {text} (chain ends at '{top.Subject}')";
    }

    private static bool IsSelfIssued(X509Certificate2 certificate) =>
        DistinguishedNameKey.FromEncodedName(certificate.SubjectName.RawData) == DistinguishedNameKey.FromEncodedName(certificate.IssuerName.RawData);

    /// <summary>
    /// The store certificates that could complete this chain: those whose subject is the issuer
    /// or subject of a presented certificate (a server may send a cross-signed intermediate
    /// whose subject is also a root), followed upwards through store intermediates.
    /// </summary>
    private (List<X509Certificate2> Anchors, List<X509Certificate2> Intermediates) SystemCandidates(X509Certificate2 leaf, List<X509Certificate2> presented)
    {
        var wanted = new Queue<string>();
        foreach (var certificate in presented.Prepend(leaf))
        {
            wanted.Enqueue(DistinguishedNameKey.FromEncodedName(certificate.IssuerName.RawData));
            wanted.Enqueue(DistinguishedNameKey.FromEncodedName(certificate.SubjectName.RawData));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var anchors = new List<X509Certificate2>();
        var intermediates = new List<X509Certificate2>();
        while (wanted.TryDequeue(out var name) && seen.Count < 64)
        {
            if (!seen.Add(name))
            {
                continue;
            }

            foreach (var entry in _system.Find(name))
            {
                if (entry.IsSelfIssued)
                {
                    anchors.Add(entry.Certificate);
                }
                else
                {
                    intermediates.Add(entry.Certificate);
                    wanted.Enqueue(entry.IssuerKey);
                }
            }
        }

        return (anchors, intermediates);
    }

    /// <summary>Builds with <paramref name="anchors"/> as the only roots, or with the platform's system store when null.</summary>
    private static (bool Trusted, string Detail) Build(X509Certificate2 leaf, List<X509Certificate2> intermediates, IReadOnlyList<X509Certificate2>? anchors, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;

        // Validity is reported by its own check; the chain verdict is only about trust.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());

        if (anchors is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        }

        if (chain.Build(leaf))
        {
            return (true, "trusted");
        }

        var problems = chain.ChainStatus
            .Where(s => s.Status is not (X509ChainStatusFlags.NotTimeValid or X509ChainStatusFlags.NoError))
            .Select(s => s.StatusInformation.Trim())
            .Where(s => s.Length > 0)
            .Distinct()
            .ToList();
        var root = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate.Subject : leaf.Issuer;
        var text = problems.Count > 0 ? string.Join("; ", problems) : "chain does not end at a trusted root";
        return (false, $"not trusted: {text} (chain ends at '{root}')");
    }
}
