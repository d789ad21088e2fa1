using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// Host-name matching of a server certificate, RFC 6125 §6.4 as RFC 2818 §3.1 applies it:
/// subjectAltName dNSName entries only (the subject CN is a fallback only when the certificate
/// has no SAN extension at all), case-insensitive on A-labels, and a wildcard only as the whole
/// left-most label, matching exactly one label: <c>*.example.com</c> covers
/// <c>matrix.example.com</c> but neither <c>example.com</c> nor <c>a.b.example.com</c>.
/// </summary>
public static class CertificateNameMatcher
{
    private static readonly IdnMapping Idn = new();

    /// <summary>The DNS names a certificate is valid for, in A-label lower-case form.</summary>
    public static IReadOnlyList<string> GetDnsNames(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is not null)
        {
            // RFC 6125 §6.4.4: with any SAN present, the CN is not consulted.
            return [.. san.EnumerateDnsNames().Select(Normalize)];
        }

        var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrEmpty(cn) ? [] : [Normalize(cn)];
    }

    /// <summary>True when <paramref name="presented"/> (one certificate name) covers <paramref name="host"/>.</summary>
    public static bool Matches(string presented, string host)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(host);
        var p = Normalize(presented);
        var h = Normalize(host);
        if (!p.StartsWith("*.", StringComparison.Ordinal))
        {
            // A '*' anywhere else (partial-label wildcards such as f*.example.com) is not honoured.
            return !p.Contains('*', StringComparison.Ordinal) && p == h;
        }

        var suffix = p[1..];
        var dot = h.IndexOf('.', StringComparison.Ordinal);

        // RFC 6125 §6.4.3: the wildcard stands for exactly one whole label, never for nothing
        // (so never the apex), and a wildcard directly under a public suffix such as *.com is
        // not something a CA issues; we require at least two labels after the star.
        return dot > 0 && h[dot..] == suffix && suffix.Count(c => c == '.') >= 2;
    }

    /// <summary>True when any name of <paramref name="certificate"/> covers <paramref name="host"/>.</summary>
    public static bool Covers(X509Certificate2 certificate, string host) =>
        GetDnsNames(certificate).Any(n => Matches(n, host));

    /// <summary>A-label, lower case, no trailing dot.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = name.Trim().TrimEnd('.');
        if (!n.All(char.IsAscii))
        {
            try
            {
                n = Idn.GetAscii(n);
            }
            catch (ArgumentException)
            {
                // Not a valid IDN: compare it as given; it will match nothing valid.
            }
        }

        return n.ToLowerInvariant();
    }
}
