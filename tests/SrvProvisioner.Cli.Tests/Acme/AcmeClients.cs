using SrvProvisioner.Testing.Acme;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Cli.Tests.Acme;

/// <summary>Runs Debian's certbot and lego against the lab's pebble, every state directory in a temp dir.</summary>
internal static class AcmeClients
{
    public static string Find(string name, string package)
    {
        foreach (var dir in new[] { "/usr/bin", "/usr/local/bin", "/usr/sbin" })
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"{name} is not installed: run 'apt-get install -y {package}'.");
    }

    /// <summary>certbot certonly with manual DNS hooks; the certificate lands in DIR/config/live/srvprov/.</summary>
    public static Task<ChildResult> CertbotManualAsync(AcmeLab lab, string directory, string authHook, string cleanupHook, params string[] domains) =>
        ChildProcess.RunAsync(
            Find("certbot", "certbot"),
            [
                "certonly", "--non-interactive", "--agree-tos", "--register-unsafely-without-email",
                "--server", lab.Pebble.DirectoryUrl,
                "--config-dir", Path.Combine(directory, "config"), "--work-dir", Path.Combine(directory, "work"), "--logs-dir", Path.Combine(directory, "logs"),
                "--manual", "--preferred-challenges", "dns", "--manual-auth-hook", authHook, "--manual-cleanup-hook", cleanupHook,
                "--cert-name", "srvprov",
                .. domains.SelectMany(d => new[] { "-d", d }),
            ],
            new Dictionary<string, string?> { ["REQUESTS_CA_BUNDLE"] = lab.Pebble.TlsCaFile },
            TimeSpan.FromMinutes(3));
}
