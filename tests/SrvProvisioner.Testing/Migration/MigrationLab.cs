using System.Globalization;
using System.Net;
using System.Text;
using ARSoft.Tools.Net.Dns;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Certificates;
using SrvProvisioner.Testing.Knot;
using SrvProvisioner.Testing.Net;
using SrvProvisioner.Testing.Nginx;

namespace SrvProvisioner.Testing.Migration;

/// <summary>
/// Real servers for migration tests: a hidden BIND primary taking TSIG-signed RFC 2136
/// updates (127.0.0.1, free port) and two Knot secondaries on port 53 that the zones' NS sets
/// name, so apply finds and asks them as remote resolvers do: ns1 (127.0.53.1), which the
/// primary NOTIFYs, and ns2 (127.0.53.2), which lags (no NOTIFY, refresh one hour) until
/// <see cref="ReleaseSecondaryAsync"/>. nginx terminates TLS on
/// <see cref="FedPort"/> with a certificate chosen by SNI in front of a
/// <see cref="MatrixStubServer"/>, and serves the base domains' well-known on
/// <see cref="WebPort"/> (mapped from :443 by <c>--connect-to</c>).
/// Cases (zones): m-good (base-domain certificate), m-targetonly, m-expired, m-untrusted
/// (rogue CA), m-proxy404 (key endpoint 404 for Host = server name), m-closed (nothing
/// listens), m-wk (good, well-known served with Cache-Control max-age=7200), m-wkbad
/// (target-only certificate, well-known served), m-lag, m-lagfail, m-skip (target-only),
/// m-undo, m-undochanged, m-undodns, m-receipt, m-noreceipt, m-cancelint, m-cancelterm, m-canceljson, m-cancelwrite, m-cancelfinish (good), m-soon (good, expires in 5 days); example.com (the samples) with a good certificate.
/// Fleet cases (one <c>apply --file</c> over several zones): f-good and f-lag (base-domain
/// certificates), f-bad (target-only certificate); fc-written, fc-inflight, fc-notstarted,
/// fc-text1, fc-text2 (good, for fleet applies that a signal stops); fc-batch1, fc-batch2 (two
/// zones of one server in one fleet); fc-gate1, fc-gate2 (a fleet cancelled in its proofs).
/// </summary>
public sealed class MigrationLab : IAsyncDisposable
{
    public static readonly IPAddress FirstAddress = IPAddress.Parse("127.0.53.1");
    public static readonly IPAddress SecondaryAddress = IPAddress.Parse("127.0.53.2");

    public static readonly IReadOnlyList<string> GoodCases = ["m-good.test", "m-wk.test", "m-lag.test", "m-lagfail.test", "m-undo.test", "m-undochanged.test", "m-undodns.test", "m-receipt.test", "m-noreceipt.test", "m-cancelint.test", "m-cancelterm.test", "m-canceljson.test", "m-cancelwrite.test", "m-cancelfinish.test"];
    public static readonly IReadOnlyList<string> ServedWellKnown = ["m-wk.test", "m-wkbad.test"];

    /// <summary>The bundled samples' server name: nginx also serves it with a good certificate (the README's completed migration).</summary>
    public const string SamplesServerName = "example.com";

    /// <summary>Zones for the fleet apply tests: two good targets, one with a target-only certificate.</summary>
    public static readonly IReadOnlyList<string> FleetCases = ["f-good.test", "f-lag.test", "f-bad.test"];

    /// <summary>Zones for the fleet applies that Ctrl-C or SIGTERM stops: base-domain certificates, one zone each.</summary>
    public static readonly IReadOnlyList<string> FleetCancelCases = ["fc-written.test", "fc-inflight.test", "fc-notstarted.test", "fc-text1.test", "fc-text2.test", "fc-batch1.test", "fc-batch2.test", "fc-gate1.test", "fc-gate2.test"];

    private static readonly string[] AllCases = [.. GoodCases, .. FleetCases, .. FleetCancelCases, "m-targetonly.test", "m-expired.test", "m-untrusted.test", "m-proxy404.test", "m-closed.test", "m-wkbad.test", "m-skip.test", "m-soon.test"];

    private FileStream? _addressLock;

    private MigrationLab(string directory, int fedPort, int webPort, int closedPort)
    {
        Directory = directory;
        FedPort = fedPort;
        WebPort = webPort;
        ClosedPort = closedPort;
    }

    public string Directory { get; }

    public TestCertificateAuthority Ca { get; } = new("srvprov migration CA");

    public TestCertificateAuthority RogueCa { get; } = new("srvprov untrusted CA");

    public int FedPort { get; }

    public int WebPort { get; }

    /// <summary>A port nothing listens on (the m-closed case's SRV port).</summary>
    public int ClosedPort { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public BindServer Primary { get; private set; } = null!;

    /// <summary>ns1: kept current by the primary's NOTIFY.</summary>
    public KnotSecondary First { get; private set; } = null!;

    /// <summary>ns2: lags until released.</summary>
    public KnotSecondary Secondary { get; private set; } = null!;

    public NginxServer Nginx { get; private set; } = null!;

    public MatrixStubServer Stub { get; private set; } = null!;

    public string PrimaryAddressText => Primary.Address;

    public static async Task<MigrationLab> StartAsync(CancellationToken cancellationToken = default)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("srvprov-migration-").FullName;
        var lab = new MigrationLab(dir, FreePort.Find(), FreePort.Find(), FreePort.Find());
        try
        {
            // Port 53 of 127.0.53.1/2 is one per machine: concurrent test runs take turns.
            lab._addressLock = await LockAddressesAsync(cancellationToken);
            await WaitUntilFreeAsync([new IPEndPoint(FirstAddress, 53), new IPEndPoint(SecondaryAddress, 53)], cancellationToken);
            lab.Ca.WriteCaFile(dir);
            lab.Stub = await MatrixStubServer.StartAsync(cancellationToken);
            var servers = lab.WriteServers();
            lab.Nginx = await NginxServer.StartAsync(_ => servers, [new IPEndPoint(IPAddress.Loopback, lab.FedPort), new IPEndPoint(IPAddress.Loopback, lab.WebPort)], cancellationToken);
            lab.Primary = await BindServer.StartAsync(
                AllCases.Select(c => new BindZone(c, Zone(c)) { ZoneOptions = $"notify explicit; also-notify {{ {FirstAddress} port 53; }};" }),
                extraOptions: "allow-transfer { any; };",
                cancellationToken: cancellationToken);
            lab.First = await KnotSecondary.StartAsync(new IPEndPoint(FirstAddress, 53), lab.Primary.EndPoint, AllCases, cancellationToken);
            lab.Secondary = await KnotSecondary.StartAsync(new IPEndPoint(SecondaryAddress, 53), lab.Primary.EndPoint, AllCases, cancellationToken);
            foreach (var zone in AllCases)
            {
                foreach (var secondary in new[] { lab.First, lab.Secondary })
                {
                    await WaitUntilAsync(() => SoaSerialAsync(secondary.EndPoint, zone, cancellationToken), s => s is not null, TimeSpan.FromSeconds(20), $"{secondary.EndPoint} did not load {zone}:\n{secondary.Log}");
                }
            }
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    /// <summary>The SRV port of a case's target (the closed port for m-closed).</summary>
    public int TargetPort(string zone) => zone == "m-closed.test" ? ClosedPort : FedPort;

    /// <summary>
    /// Lets the secondary catch up with the primary once the primary serves SRV data for
    /// <paramref name="zone"/> and <paramref name="delay"/> has passed: sends NOTIFY until the
    /// secondary's serial equals the primary's.
    /// </summary>
    public async Task ReleaseSecondaryAsync(string zone, TimeSpan delay, CancellationToken cancellationToken)
    {
        await WaitUntilAsync(() => SrvAsync(Primary.EndPoint, $"_matrix-fed._tcp.{zone}", cancellationToken), v => v.Count > 0, TimeSpan.FromSeconds(60), $"the primary never got SRV records for {zone}", cancellationToken);
        await Task.Delay(delay, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            var primary = await SoaSerialAsync(Primary.EndPoint, zone, cancellationToken);
            var secondary = await SoaSerialAsync(Secondary.EndPoint, zone, cancellationToken);
            if (primary is not null && primary == secondary)
            {
                return;
            }

            await DnsNotify.SendAsync(Primary.ListenAddress, Secondary.EndPoint, zone, cancellationToken);
            await Task.Delay(300, cancellationToken);
        }
    }

    /// <summary>The SRV records a server answers for <paramref name="name"/>, sorted, in presentation form.</summary>
    public static async Task<IReadOnlyList<string>> SrvAsync(IPEndPoint server, string name, CancellationToken cancellationToken = default)
    {
        var client = new DnsClient([server.Address], [new UdpClientTransport(server.Port)], false, 2000);
        var answer = await client.ResolveAsync(ARSoft.Tools.Net.DomainName.Parse(name), RecordType.Srv, RecordClass.INet, new DnsQueryOptions { IsRecursionDesired = false }, cancellationToken);
        return [.. (answer?.AnswerRecords.OfType<SrvRecord>() ?? []).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Priority} {r.Weight} {r.Port} {r.Target}")).Order(StringComparer.Ordinal)];
    }

    /// <summary>Changes a zone on the primary behind the tool's back, as another admin would: adds an SRV record (TSIG-signed RFC 2136 update).</summary>
    public async Task AddSrvBehindTheToolsBackAsync(string zone, string name, string target, ushort port)
    {
        var message = new ARSoft.Tools.Net.Dns.DynamicUpdate.DnsUpdateMessage { ZoneName = ARSoft.Tools.Net.DomainName.Parse(zone) };
        message.Updates.Add(new ARSoft.Tools.Net.Dns.DynamicUpdate.AddRecordUpdate(new SrvRecord(ARSoft.Tools.Net.DomainName.Parse(name), 300, 5, 0, port, ARSoft.Tools.Net.DomainName.Parse(target))));
        message.TSigOptions = new TSigRecord(ARSoft.Tools.Net.DomainName.Parse(Primary.Key.Name), TSigAlgorithm.Sha256, DateTime.UtcNow, TimeSpan.FromMinutes(5), message.TransactionID, ReturnCode.NoError, null, Convert.FromBase64String(Primary.Key.SecretBase64));
        var client = new DnsClient([Primary.EndPoint.Address], [new UdpClientTransport(Primary.Port), new TcpClientTransport(Primary.Port)], false, 5000);
        var response = await client.SendUpdateAsync(message);
        if (response?.ReturnCode != ReturnCode.NoError)
        {
            throw new InvalidOperationException($"The update of {name} in {zone} failed: {response?.ReturnCode.ToString() ?? "no answer"}.");
        }
    }

    /// <summary>A homeserver.yaml for <paramref name="serverName"/> that serves the well-known (Synapse's <c>serve_server_wellknown</c>).</summary>
    public string WriteHomeserverConfig(string directory, string serverName)
    {
        var path = Path.Combine(directory, "homeserver.yaml");
        File.WriteAllText(path, $"# Synapse homeserver.yaml for {serverName}\nserver_name: \"{serverName}\"\npid_file: /data/homeserver.pid\nlisteners:\n  - port: 8008\n    tls: false\n    type: http\n    resources:\n      - names: [client, federation]\nserve_server_wellknown: true\n");
        return path;
    }

    /// <summary>A PEM file (leaf then CA) for <c>--cert-file</c>.</summary>
    public string WriteCertificate(string fileName, IReadOnlyList<string> names)
    {
        using var leaf = Ca.IssueLeaf(names);
        return PemFiles.Write(Directory, fileName, leaf, Ca.Certificate).CertificatePath;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in new IAsyncDisposable?[] { Secondary, First, Primary, Nginx, Stub })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        Ca.Dispose();
        RogueCa.Dispose();
        if (_addressLock is not null)
        {
            await _addressLock.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static async Task<FileStream> LockAddressesAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "srvprov-tests-127.0.53.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    /// <summary>A run of an older build (without the lock) may still hold the addresses: wait for it, then fail naming them.</summary>
    private static async Task WaitUntilFreeAsync(IReadOnlyList<IPEndPoint> endpoints, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        foreach (var endpoint in endpoints)
        {
            while (true)
            {
                try
                {
                    FreePort.EnsureFree(endpoint);
                    break;
                }
                catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(500, cancellationToken);
                }
            }
        }
    }

    private static async Task<uint?> SoaSerialAsync(IPEndPoint server, string zone, CancellationToken cancellationToken)
    {
        var client = new DnsClient([server.Address], [new UdpClientTransport(server.Port)], false, 1000);
        var answer = await client.ResolveAsync(ARSoft.Tools.Net.DomainName.Parse(zone), RecordType.Soa, RecordClass.INet, new DnsQueryOptions { IsRecursionDesired = false }, cancellationToken);
        return answer is { ReturnCode: ReturnCode.NoError, IsAuthoritiveAnswer: true } ? answer.AnswerRecords.OfType<SoaRecord>().FirstOrDefault()?.SerialNumber : null;
    }

    private static async Task WaitUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string failure, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (done(await probe()))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException(failure);
    }

    private static string Zone(string origin) => $"""
        $ORIGIN {origin}.
        $TTL 300
        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
        @ IN NS ns1
        @ IN NS ns2
        ns1 IN A {FirstAddress}
        ns2 IN A {SecondaryAddress}
        matrix IN A 127.0.0.1

        """;

    private string WriteServers()
    {
        var now = DateTimeOffset.UtcNow;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"server {{ listen 127.0.0.1:{FedPort} ssl default_server; ssl_reject_handshake on; }}");

        void Fed(string name, string[] names, TestCertificateAuthority? ca = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string? body = null)
        {
            var (crt, key) = Issue("fed-" + name, names, ca ?? Ca, notBefore, notAfter);
            var location = body ?? $"location / {{ proxy_pass http://127.0.0.1:{Stub.Port}; proxy_set_header {MatrixStubServer.ServerNameHeader} {name}; proxy_set_header Host $http_host; }}";
            sb.AppendLine(CultureInfo.InvariantCulture, $"server {{ listen 127.0.0.1:{FedPort} ssl; server_name {name}; ssl_certificate {crt}; ssl_certificate_key {key}; {location} }}");
        }

        foreach (var good in GoodCases.Concat(FleetCancelCases).Append(SamplesServerName))
        {
            Fed(good, [good, "matrix." + good]);
        }

        Fed("f-good.test", ["f-good.test", "matrix.f-good.test"]);
        Fed("f-lag.test", ["f-lag.test", "matrix.f-lag.test"]);
        Fed("f-bad.test", ["matrix.f-bad.test"]);
        Fed("m-targetonly.test", ["matrix.m-targetonly.test"]);
        Fed("m-wkbad.test", ["matrix.m-wkbad.test"]);
        Fed("m-skip.test", ["matrix.m-skip.test"]);
        Fed("m-expired.test", ["m-expired.test"], notBefore: now.AddDays(-90), notAfter: now.AddDays(-1));
        Fed("m-soon.test", ["m-soon.test", "matrix.m-soon.test"], notBefore: now.AddDays(-80), notAfter: now.AddDays(5));
        Fed("m-untrusted.test", ["m-untrusted.test"], RogueCa);
        Fed("m-proxy404.test", ["m-proxy404.test", "matrix.m-proxy404.test"], body: "location / { return 404; }");

        var (webCrt, webKey) = Issue("web", [.. AllCases, SamplesServerName], Ca, null, null);
        var web = $"listen 127.0.0.1:{WebPort} ssl; ssl_certificate {webCrt}; ssl_certificate_key {webKey};";
        sb.AppendLine(CultureInfo.InvariantCulture, $"server {{ {web.Replace("ssl;", "ssl default_server;", StringComparison.Ordinal)} location / {{ return 404; }} }}");
        foreach (var served in ServedWellKnown)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""server { {{web}} server_name {{served}}; location = /.well-known/matrix/server { default_type application/json; add_header Cache-Control "max-age=7200"; return 200 '{"m.server": "old.{{served}}:443"}'; } location / { return 404; } }""");
        }

        return sb.ToString();
    }

    private (string Crt, string Key) Issue(string name, IReadOnlyList<string> names, TestCertificateAuthority ca, DateTimeOffset? notBefore, DateTimeOffset? notAfter)
    {
        using var leaf = ca.IssueLeaf(names, notBefore, notAfter);
        return PemFiles.Write(Directory, name, leaf, ca.Certificate);
    }
}
