using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Core.Certificates;

/// <summary>Reads PEM files holding one or more certificates (leaf first, then its chain).</summary>
public static class PemCertificates
{
    public static IReadOnlyList<X509Certificate2> Load(string path, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = InputFile.ReadAllText(path, InputKind.PemFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{option} '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(text, $"{option} '{path}'");
    }

    public static IReadOnlyList<X509Certificate2> Parse(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidInputException($"{source} is not a PEM certificate file: {ex.Message}", ex);
        }

        if (collection.Count == 0)
        {
            throw new InvalidInputException($"{source} holds no '-----BEGIN CERTIFICATE-----' block: give the certificate (and its chain) in PEM form.");
        }

        return [.. collection];
    }
}
