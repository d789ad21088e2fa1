using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Acme;

/// <summary>
/// What an ACME client left behind, checked before anything is installed: the full chain
/// leaf first (RFC 8555 §9.1: the issued certificate, then the chain), a key that belongs to
/// that leaf, and a leaf for every name asked.
/// </summary>
public sealed record ObtainedCertificate(byte[] ChainPem, byte[] KeyPem, DateTimeOffset NotAfter)
{
    public static ObtainedCertificate Load(string chainPath, string keyPath, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var chainPem = IO.InputFile.ReadAllBytes(chainPath, IO.InputKind.PemFile);
        var keyPem = IO.InputFile.ReadAllBytes(keyPath, IO.InputKind.KeyFile);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(Encoding.ASCII.GetString(chainPem));
        }
        catch (CryptographicException ex)
        {
            throw new ProviderException($"The ACME client's certificate file {chainPath} is not PEM: {ex.Message}", ex);
        }

        try
        {
            if (collection.Count == 0)
            {
                throw new ProviderException($"The ACME client left no certificate in {chainPath}.");
            }

            var leaf = collection[0];
            if (leaf.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority))
            {
                throw new ProviderException($"The first certificate in {chainPath} is a CA certificate, not the leaf; nothing was installed.");
            }

            try
            {
                using var withKey = X509Certificate2.CreateFromPem(leaf.ExportCertificatePem(), Encoding.ASCII.GetString(keyPem));
            }
            catch (CryptographicException ex)
            {
                throw new ProviderException($"The key in {keyPath} does not belong to the certificate in {chainPath}; nothing was installed.", ex);
            }

            var missing = names.Where(n => !leaf.MatchesHostname(n)).ToList();
            if (missing.Count > 0)
            {
                throw new ProviderException($"The certificate the ACME client obtained does not cover {string.Join(", ", missing)}; nothing was installed.");
            }

            return new ObtainedCertificate(chainPem, keyPem, leaf.NotAfter);
        }
        finally
        {
            foreach (var c in collection)
            {
                c.Dispose();
            }
        }
    }
}
