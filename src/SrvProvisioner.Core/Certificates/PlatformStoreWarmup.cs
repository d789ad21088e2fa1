using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// Loads the platform's copy of the system store in the background, once per process. On Linux
/// .NET reads and parses the whole store on the first chain build of a process, whatever the
/// trust mode, and SslStream builds a chain in every handshake before our callback judges it:
/// without this the first handshake would pay that load between the server's certificate and
/// the first request.
/// </summary>
internal static class PlatformStoreWarmup
{
    private static int _started;

    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _ = Task.Run(static () =>
        {
            // Any chain build loads the store; a throw-away self-signed certificate is the cheapest to build.
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=srvprov store warm-up", key, HashAlgorithmName.SHA256);
            var now = DateTimeOffset.UtcNow;
            using var certificate = request.CreateSelfSigned(now.AddMinutes(-1), now.AddMinutes(1));
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.Build(certificate);
        });
    }
}
