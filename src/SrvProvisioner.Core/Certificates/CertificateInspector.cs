using System.Security.Cryptography.X509Certificates;

namespace SrvProvisioner.Core.Certificates;

/// <summary>Judges a presented certificate (and chain) for one host name.</summary>
public sealed class CertificateInspector(ChainTrust trust, TimeProvider? time = null)
{
    /// <summary>Inside this window before expiry a valid certificate is reported with a warning.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public ChainTrust Trust { get; } = trust;

    public CertificateReport Inspect(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, string host)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var now = _time.GetUtcNow();
        var (names, addresses) = CertificateNameMatcher.Read(leaf);

        // An IP literal is covered only by an iPAddress entry (RFC 2818 §3.1), never by a DNS name.
        var isIp = CertificateNameMatcher.TryParseIpLiteral(host, out var ip);
        var normalizedHost = isIp ? ip.ToString() : CertificateNameMatcher.Normalize(host);
        var covers = isIp ? addresses.Any(a => a.Equals(ip)) : names.Any(n => CertificateNameMatcher.MatchesNormalized(n, normalizedHost));
        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
        var validity = now < notBefore ? CertificateValidity.NotYetValid
            : now > notAfter ? CertificateValidity.Expired
            : notAfter - now < ExpiryWarning ? CertificateValidity.ExpiresSoon
            : CertificateValidity.Valid;
        var (trusted, detail) = Trust.Evaluate(leaf, intermediates, now);
        return new CertificateReport(normalizedHost, leaf.Subject, names, covers, notBefore, notAfter, validity, trusted, detail)
        {
            IpAddresses = [.. addresses.Select(a => a.ToString())],
        };
    }
}
