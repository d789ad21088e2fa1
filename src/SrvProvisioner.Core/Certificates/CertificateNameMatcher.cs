using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// Host-name matching of a server certificate, RFC 6125 §6.4 as RFC 2818 §3.1 applies it:
/// subjectAltName dNSName entries only (the subject CN is a fallback only when the certificate
/// has no SAN extension at all), case-insensitive on A-labels, and a wildcard only as the whole
/// left-most label, matching exactly one label: <c>*.example.com</c> covers
/// <c>matrix.example.com</c> but neither <c>example.com</c> nor <c>a.b.example.com</c>.
/// An IP literal (a server name such as <c>127.0.0.1:8448</c>, spec step 1) is matched only
/// against iPAddress entries, byte for byte (RFC 2818 §3.1, RFC 6125 §1.7.2).
/// </summary>
public static class CertificateNameMatcher
{
    private static readonly IdnMapping Idn = new();

    /// <summary>The DNS names a certificate is valid for, in A-label lower-case form.</summary>
    public static IReadOnlyList<string> GetDnsNames(X509Certificate2 certificate) => Read(certificate).DnsNames;

    /// <summary>
    /// The DNS names (A-label, lower case) and iPAddress entries of a certificate, from one
    /// decoding of its subjectAltName (a hosting certificate may carry hundreds of names).
    /// </summary>
    public static (IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> IpAddresses) Read(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is not null)
        {
            // RFC 6125 §6.4.4: with any SAN present, the CN is not consulted.
            return ([.. san.EnumerateDnsNames().Select(Normalize)], [.. san.EnumerateIPAddresses()]);
        }

        var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return (string.IsNullOrEmpty(cn) ? [] : [Normalize(cn)], []);
    }

    /// <summary>True when <paramref name="presented"/> (one certificate name) covers <paramref name="host"/>.</summary>
    public static bool Matches(string presented, string host)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(host);
        return MatchesNormalized(Normalize(presented), Normalize(host));
    }

    /// <summary><see cref="Matches"/> for names already in <see cref="Normalize"/>d form (as <see cref="Read"/> returns them).</summary>
    internal static bool MatchesNormalized(string p, string h)
    {
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

    /// <summary>The iPAddress entries of the certificate's subjectAltName.</summary>
    public static IReadOnlyList<IPAddress> GetIpAddresses(X509Certificate2 certificate) => Read(certificate).IpAddresses;

    /// <summary>DNS names and IP addresses, for evidence.</summary>
    public static IReadOnlyList<string> GetNames(X509Certificate2 certificate)
    {
        var (dns, ip) = Read(certificate);
        return [.. dns, .. ip.Select(a => "IP:" + a)];
    }

    /// <summary>True when <paramref name="host"/> is an IP literal (with or without IPv6 brackets).</summary>
    public static bool TryParseIpLiteral(string host, out IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(host);
        var text = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;

        // Only the dotted-quad and IPv6 forms: "1" or "0x7f.1" are host names here, not addresses.
        var isV4 = text.Split('.').Length == 4 && text.All(c => char.IsAsciiDigit(c) || c == '.');
        if ((isV4 || text.Contains(':', StringComparison.Ordinal)) && IPAddress.TryParse(text, out var parsed))
        {
            address = parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }

    /// <summary>True when any name of <paramref name="certificate"/> covers <paramref name="host"/> (a DNS name or an IP literal).</summary>
    public static bool Covers(X509Certificate2 certificate, string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var (dns, addresses) = Read(certificate);
        if (TryParseIpLiteral(host, out var ip))
        {
            return addresses.Any(a => a.Equals(ip));
        }

        var h = Normalize(host);
        return dns.Any(n => MatchesNormalized(n, h));
    }

    /// <summary>A-label, lower case, no trailing dot.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = name.Trim().TrimEnd('.');
        if (!System.Text.Ascii.IsValid(n))
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
