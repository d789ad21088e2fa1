using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SrvProvisioner.Testing.Certificates;

/// <summary>Writes certificates and keys as PEM files, the form nginx and <c>--cert-file</c> read.</summary>
public static class PemFiles
{
    /// <summary>Writes <paramref name="leaf"/> followed by <paramref name="chain"/> to NAME.crt and its key to NAME.key.</summary>
    public static (string CertificatePath, string KeyPath) Write(string directory, string name, X509Certificate2 leaf, params X509Certificate2[] chain)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, string.Concat(new[] { leaf }.Concat(chain).Select(c => c.ExportCertificatePem() + "\n")));
        using var key = leaf.GetECDsaPrivateKey() as AsymmetricAlgorithm ?? leaf.GetRSAPrivateKey() ?? throw new InvalidOperationException("the leaf has no private key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certificatePath, keyPath);
    }
}
