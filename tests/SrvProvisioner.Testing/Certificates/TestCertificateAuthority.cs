using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SrvProvisioner.Testing.Certificates;

/// <summary>
/// A throw-away certificate authority for tests: an ECDSA P-256 root that issues server
/// leaves with the names, validity window and key usages a TLS server certificate has.
/// A second instance is "an untrusted CA" for a verifier that trusts only the first.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    public TestCertificateAuthority(string name = "srvprov test CA")
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Certificate = request.CreateSelfSigned(now.AddDays(-400), now.AddYears(5));
    }

    /// <summary>The root certificate (with its private key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A leaf for <paramref name="dnsNames"/> (SAN dNSName entries) and <paramref name="ipAddresses"/> (iPAddress entries; neither means CN only), valid from/until the given times.</summary>
    public X509Certificate2 IssueLeaf(IReadOnlyList<string> dnsNames, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string? commonName = null, IReadOnlyList<System.Net.IPAddress>? ipAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName ?? (dnsNames.Count > 0 ? dnsNames[0] : "leaf")}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (dnsNames.Count > 0 || ipAddresses is { Count: > 0 })
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            foreach (var address in ipAddresses ?? [])
            {
                san.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var now = DateTimeOffset.UtcNow;
        var from = notBefore ?? now.AddDays(-1);
        var until = notAfter ?? now.AddDays(90);
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, from, until, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// A client transport that trusts this root alone (a custom root store, so the machine's
    /// roots play no part) and checks the server name as any TLS client does.
    /// </summary>
    public SocketsHttpHandler CreateTrustingHandler()
    {
        var root = X509CertificateLoader.LoadCertificate(Certificate.RawData);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            CustomTrustStore = { root },
        };
        return handler;
    }

    /// <summary>Writes the root as PEM (for <c>--ca-file</c>) and returns the path.</summary>
    public string WriteCaFile(string directory, string fileName = "ca.pem")
    {
        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, Certificate.ExportCertificatePem() + "\n");
        return path;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
