using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// Chain trust against the system store plus optional extra anchors (<c>--ca-file</c>).
/// Revocation is not checked and nothing is downloaded (AIA): the verdict must not depend on
/// network access beyond the server being probed.
/// </summary>
public sealed class ChainTrust
{
    // One verdict per distinct chain for the life of a run: a hosting operator serves one
    // certificate for many domains, and the verdict ignores time (validity has its own check).
    private readonly ConcurrentDictionary<string, (bool Trusted, string Detail)> _verdicts = new(StringComparer.Ordinal);

    public ChainTrust(IReadOnlyList<X509Certificate2>? extraAnchors = null)
    {
        ExtraAnchors = extraAnchors ?? [];
    }

    public IReadOnlyList<X509Certificate2> ExtraAnchors { get; }

    public static ChainTrust FromCaFile(string? caFile) =>
        caFile is null ? new ChainTrust() : new ChainTrust(PemCertificates.Load(caFile, "--ca-file"));

    /// <summary>Builds the chain of <paramref name="leaf"/> with <paramref name="intermediates"/>: trusted, and by what or why not.</summary>
    public (bool Trusted, string Detail) Evaluate(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var extra = intermediates.ToList();
        var key = string.Join('/', extra.Select(c => c.Thumbprint).Prepend(leaf.Thumbprint));
        return _verdicts.GetOrAdd(key, _ => EvaluateUncached(leaf, extra, now));
    }

    private (bool Trusted, string Detail) EvaluateUncached(X509Certificate2 leaf, List<X509Certificate2> extra, DateTimeOffset now)
    {
        // The --ca-file anchors are few and in memory: asking them first spares a build
        // against the system store for private CAs; public certificates fall through to it.
        if (ExtraAnchors.Count > 0)
        {
            var custom = Build(leaf, extra, ExtraAnchors, now);
            if (custom.Trusted)
            {
                return (true, "trusted by --ca-file");
            }
        }

        var system = Build(leaf, extra, null, now);
        return system.Trusted ? (true, "trusted by the system store") : (false, system.Detail);
    }

    /// <summary>A TLS validation callback: the name must match (the TLS layer checks it) and the chain be trusted.</summary>
    public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors || ExtraAnchors.Count == 0)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var intermediates = chain?.ChainElements.Skip(1).Select(e => e.Certificate) ?? [];
        return Build(leaf, [.. intermediates], ExtraAnchors, DateTimeOffset.UtcNow).Trusted;
    }

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
