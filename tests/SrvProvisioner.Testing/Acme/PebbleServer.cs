using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using SrvProvisioner.Testing.Certificates;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Acme;

/// <summary>
/// Debian's <c>pebble</c>, Let's Encrypt's ACME test server, on free loopback ports with its
/// own config (<c>pebble -config FILE -dnsserver HOST:PORT</c>), validating DNS-01 against the
/// given DNS server. Its TLS certificate comes from a test CA (<see cref="TlsCaFile"/>, what
/// certbot's <c>REQUESTS_CA_BUNDLE</c> and lego's <c>LEGO_CA_CERTIFICATES</c> trust); the root
/// it issues from is fetched from its management interface (<see cref="IssuerRootFile"/>).
/// </summary>
public sealed class PebbleServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private PebbleServer(string directory, int port, int managementPort, ServerProcess process)
    {
        Directory = directory;
        Port = port;
        ManagementPort = managementPort;
        _process = process;
    }

    public string Directory { get; }

    public int Port { get; }

    public int ManagementPort { get; }

    /// <summary>The ACME directory URL.</summary>
    public string DirectoryUrl => string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{Port}/dir");

    /// <summary>PEM of the CA that signed pebble's own TLS certificate.</summary>
    public string TlsCaFile => Path.Combine(Directory, "tls-ca.pem");

    /// <summary>PEM of the root pebble issues certificates under (fetched at start).</summary>
    public string IssuerRootFile => Path.Combine(Directory, "issuer-root.pem");

    public string Log => _process.Output;

    public static string FindPebble()
    {
        foreach (var candidate in new[] { "/usr/bin/pebble", "/usr/local/bin/pebble" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("pebble (the ACME test server) is not installed: run 'apt-get install -y pebble'.");
    }

    public static async Task<PebbleServer> StartAsync(IPEndPoint dnsServer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dnsServer);
        var pebble = FindPebble();
        var dir = System.IO.Directory.CreateTempSubdirectory("srvprov-pebble-").FullName;
        using var ca = new TestCertificateAuthority("srvprov pebble TLS CA");
        ca.WriteCaFile(dir, "tls-ca.pem");
        using (var leaf = ca.IssueLeaf(["localhost"], ipAddresses: [IPAddress.Loopback]))
        {
            PemFiles.Write(dir, "tls", leaf);
        }

        var port = FreePort.Find();
        var management = FreePort.Find();
        var config = Path.Combine(dir, "pebble-config.json");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "pebble": {
                "listenAddress": "127.0.0.1:{{port}}",
                "managementListenAddress": "127.0.0.1:{{management}}",
                "certificate": "{{Path.Combine(dir, "tls.crt")}}",
                "privateKey": "{{Path.Combine(dir, "tls.key")}}",
                "httpPort": {{FreePort.Find()}},
                "tlsPort": {{FreePort.Find()}},
                "ocspResponderURL": "",
                "externalAccountBindingRequired": false
              }
            }
            """), cancellationToken);

        var psi = new ProcessStartInfo(pebble) { WorkingDirectory = dir };
        foreach (var a in new[] { "-config", config, "-dnsserver", dnsServer.ToString() })
        {
            psi.ArgumentList.Add(a);
        }

        // Fast and deterministic: no random sleeps before validation, no bad-nonce rejections,
        // and no reuse of earlier valid authorizations (every run must meet its challenges).
        psi.Environment["PEBBLE_VA_NOSLEEP"] = "1";
        psi.Environment["PEBBLE_WFE_NONCEREJECT"] = "0";
        psi.Environment["PEBBLE_AUTHZREUSE"] = "0";
        var server = new PebbleServer(dir, port, management, ServerProcess.Start(psi, dir));
        try
        {
            await server.WaitUntilListeningAsync(cancellationToken);
            await server.FetchIssuerRootAsync(ca.Certificate, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        await _process.WaitUntilListeningAsync("pebble", [new IPEndPoint(IPAddress.Loopback, ManagementPort), new IPEndPoint(IPAddress.Loopback, Port)], () => Log, TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>GET /roots/0 of the management interface: the root of the chains pebble issues.</summary>
    private async Task FetchIssuerRootAsync(X509Certificate2 tlsCa, CancellationToken cancellationToken)
    {
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                if (cert is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(tlsCa);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(cert);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
        var pem = await http.GetStringAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{ManagementPort}/roots/0")), cancellationToken);
        await File.WriteAllTextAsync(IssuerRootFile, pem, cancellationToken);
    }
}
