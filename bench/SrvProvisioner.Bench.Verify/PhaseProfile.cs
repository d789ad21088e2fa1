using System.Diagnostics;
using System.Globalization;
using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Bench.Verify;

/// <summary>
/// <c>--profile</c>: the verify engine in-process (no child process, no JSON) and its phases one at
/// a time, each over every domain at the same concurrency, to find where the time goes.
/// </summary>
internal static class PhaseProfile
{
    public static async Task RunAsync(VerifyBenchLab lab, VerifySettings settings, int parallel)
    {
        using var engine = new VerifyEngine(settings);
        var dns = engine.Connector.Dns;
        var leafPath = Path.Combine(lab.Directory, "group0.crt");
        var pem = PemCertificates.Load(leafPath, "bench");
        await Phase("engine.VerifyAsync (whole)", lab, parallel, async (d, ct) => await engine.VerifyAsync(MatrixServerName.Parse(d), null, ct));
        await Phase("engine.VerifyAsync (whole, again)", lab, parallel, async (d, ct) => await engine.VerifyAsync(MatrixServerName.Parse(d), null, ct));
        await Phase("SRV _matrix-fed + _matrix", lab, parallel, async (d, ct) =>
        {
            var h = DnsName.ParseHostName(d);
            await Task.WhenAll(dns.LookupSrvAsync(MatrixSrvNames.Fed(h), ct), dns.LookupSrvAsync(MatrixSrvNames.Legacy(h), ct));
        });
        await Phase("A+AAAA of the target", lab, parallel, async (d, ct) => await dns.LookupAddressesAsync(DnsName.Parse("matrix." + d), ct));
        await Phase("well-known (refused)", lab, parallel, async (d, ct) => await engine.WellKnown.FetchAsync(MatrixServerName.Parse(d), ct));
        await Phase("TCP+TLS, system chain + callback", lab, parallel, async (d, ct) => await Handshake(lab, d, null, ct));
        var policy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy { TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust, RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(lab.Ca.Certificate);
        await Phase("TCP+TLS, CA-file chain policy", lab, parallel, async (d, ct) => await Handshake(lab, d, policy, ct));
        await Phase("TCP+TLS+handler per probe, 2 GETs", lab, parallel, async (d, ct) => await HttpPair(lab, d, ct));
        await Phase("certificate inspect (chain x2)", lab, parallel, (d, ct) =>
        {
            engine.Inspector.Inspect(pem[0], pem.Skip(1), d);
            return ValueTask.CompletedTask;
        });
    }

    private static async Task Handshake(VerifyBenchLab lab, string domain, System.Security.Cryptography.X509Certificates.X509ChainPolicy? policy, CancellationToken ct)
    {
        using var socket = await EndpointConnector.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, lab.FedPort), ct);
        await using var tls = new System.Net.Security.SslStream(new System.Net.Sockets.NetworkStream(socket, ownsSocket: false));
        var options = new System.Net.Security.SslClientAuthenticationOptions { TargetHost = domain };
        if (policy is null)
        {
            options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else
        {
            options.CertificateChainPolicy = policy;
        }

        await tls.AuthenticateAsClientAsync(options, ct);
    }

    private static async Task HttpPair(VerifyBenchLab lab, string domain, CancellationToken ct)
    {
        var socket = await EndpointConnector.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, lab.FedPort), ct);
        var tls = new System.Net.Security.SslStream(new System.Net.Sockets.NetworkStream(socket, ownsSocket: true));
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = domain, RemoteCertificateValidationCallback = (_, _, _, _) => true }, ct);
        using var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false, ConnectCallback = (_, _) => ValueTask.FromResult<Stream>(tls) };
        using var client = new HttpClient(handler);
        foreach (var path in new[] { "/_matrix/key/v2/server", "/_matrix/federation/v1/version" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{lab.FedPort}{path}"));
            request.Headers.Host = domain;
            using var response = await client.SendAsync(request, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
        }
    }

    private static async Task Phase(string name, VerifyBenchLab lab, int parallel, Func<string, CancellationToken, ValueTask> body)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(lab.Domains, new ParallelOptions { MaxDegreeOfParallelism = parallel }, body);
        var elapsed = clock.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# profile {name,-36} {lab.Domains.Count / elapsed.TotalSeconds,8:F0} /s  {used.TotalMilliseconds / lab.Domains.Count,6:F2} ms CPU per domain (this process, incl. stub)"));
    }
}
