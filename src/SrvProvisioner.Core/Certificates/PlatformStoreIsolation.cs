using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// Keeps the platform's copy of the system store empty in a process whose every chain verdict is
/// <see cref="ChainTrust"/>'s (<c>srvprov verify</c>). On Linux .NET reads and parses the whole
/// store (~145 certificates through OpenSSL, ~65 ms of CPU, two thirds of a verify run) on the
/// first chain build of a process, and SslStream builds a chain in every handshake before our
/// callback judges it, whatever the trust mode. Its store paths are read once, from the C
/// library's environment (<c>SSL_CERT_FILE</c>, <c>SSL_CERT_DIR</c>) at that first load: they
/// are pointed at <c>/dev/null</c> for the load, which is forced at once, and restored at once.
/// Verdicts do not change: <see cref="ChainTrust"/> then anchors system chains through its own
/// subject index of the store (<see cref="SystemRootStore"/>), the files OpenSSL reads.
/// Not for processes that make HTTPS calls judged by the platform (apply's provider APIs).
/// </summary>
public static class PlatformStoreIsolation
{
    private static readonly string[] Variables = ["SSL_CERT_FILE", "SSL_CERT_DIR"];
    private static readonly Lock Gate = new();
    private static bool _attempted;

    /// <summary>True once this process's platform store was loaded empty by <see cref="IsolateThisProcess"/>.</summary>
    public static bool IsActive { get; private set; }

    /// <summary>
    /// Call before anything in the process builds a chain or opens a certificate store (the
    /// platform's paths are fixed at its first load; later calls change nothing). Linux only:
    /// elsewhere the platform's store is the OS's own service, with no such cost.
    /// </summary>
    public static void IsolateThisProcess()
    {
        lock (Gate)
        {
            if (_attempted || !OperatingSystem.IsLinux())
            {
                return;
            }

            _attempted = true;
            var saved = Variables.Select(name => (Name: name, Value: Marshal.PtrToStringUTF8(Libc.Getenv(name)))).ToList();
            try
            {
                foreach (var (name, _) in saved)
                {
                    if (Libc.Setenv(name, "/dev/null", 1) != 0)
                    {
                        return;
                    }
                }

                // The first open of the machine's root store is the platform's first load.
                using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
                store.Open(OpenFlags.ReadOnly);
                var loaded = store.Certificates;
                IsActive = loaded.Count == 0;
                foreach (var certificate in loaded)
                {
                    certificate.Dispose();
                }
            }
            catch (CryptographicException)
            {
                // No isolation: the platform loads the store itself later, as before.
            }
            finally
            {
                // Child processes and anything else reading the environment see it unchanged.
                foreach (var (name, value) in saved)
                {
                    _ = value is null ? Libc.Unsetenv(name) : Libc.Setenv(name, value, 1);
                }
            }
        }
    }
}
