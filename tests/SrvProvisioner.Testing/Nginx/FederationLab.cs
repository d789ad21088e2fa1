using System.Globalization;
using System.Net;
using System.Text;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Certificates;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Nginx;

/// <summary>
/// Real servers for every verify case: BIND with one zone per case, nginx terminating TLS with
/// certificates from a test CA in front of <see cref="MatrixStubServer"/>, on loopback ports.
/// Federation listens on <see cref="FedPort"/> (127.0.0.1) and <see cref="FedPort6"/> ([::1]),
/// nginx choosing the certificate by SNI; every <c>:443</c> connection is mapped by
/// <c>--connect-to :443:127.0.0.1:WebPort</c> onto the base-domain web server.
/// Cases (server names): ok.test, wk.test, redir.test, mismatch.test, cname.test,
/// servfail.test, targetonly.test, wildcard.test, v6.test, proxy404.test, untrusted.test,
/// expired.test; well-known edge cases: loop.test (redirect loop), big.test (over 50 KiB), badjson.test.
/// Speculation: wkdead.test (valid well-known, SRV to a dead port), wkbad.test (well-known to a
/// dead port, SRV to a working target). Several SRV records: failover.test (preferred target
/// dead), backup.test (a backup target dead). Server names with a port: port.test:<see cref="FedPort"/>
/// (the homeserver names itself with the port), noport.test:<see cref="FedPort"/> (it
/// drops the port) and 127.0.0.1:<see cref="IpPort"/> (an IP-literal
/// server name; nginx presents a certificate with that iPAddress SAN when no SNI is sent).
/// </summary>
public sealed class FederationLab : IAsyncDisposable
{
    private FederationLab(string directory, TestCertificateAuthority ca, int fedPort, int fedPort6, int webPort, int ipPort, int deadPort)
    {
        IpPort = ipPort;
        DeadPort = deadPort;
        Directory = directory;
        Ca = ca;
        FedPort = fedPort;
        FedPort6 = fedPort6;
        WebPort = webPort;
    }

    public string Directory { get; }

    public TestCertificateAuthority Ca { get; }

    public TestCertificateAuthority RogueCa { get; } = new("srvprov untrusted CA");

    public int FedPort { get; }

    public int FedPort6 { get; }

    public int WebPort { get; }

    /// <summary>Federation for the IP-literal server name 127.0.0.1:IpPort (no SNI).</summary>
    public int IpPort { get; }

    /// <summary>A loopback port nothing listens on (a dead SRV target).</summary>
    public int DeadPort { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public BindServer Bind { get; private set; } = null!;

    public NginxServer Nginx { get; private set; } = null!;

    public MatrixStubServer Stub { get; private set; } = null!;

    /// <summary>The --connect-to rules every case uses.</summary>
    public IReadOnlyList<string> ConnectTo => [$":443:127.0.0.1:{WebPort}", $"matrix.ok.test:8448:127.0.0.1:{FedPort}"];

    /// <summary>The options that point verify at this lab (DNS, connect-to, trust).</summary>
    public IReadOnlyList<string> Options =>
        ["--dns-server", Bind.Address, .. ConnectTo.SelectMany(c => new[] { "--connect-to", c }), "--ca-file", CaFile, "--timeout", "20s"];

    public static async Task<FederationLab> StartAsync(CancellationToken cancellationToken = default)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("srvprov-lab-").FullName;
        var lab = new FederationLab(dir, new TestCertificateAuthority(), FreePort.Find(), FreePort.Find(IPAddress.IPv6Loopback), FreePort.Find(), FreePort.Find(), FreePort.Find());
        try
        {
            lab.Ca.WriteCaFile(dir);
            lab.Stub = await MatrixStubServer.StartAsync(cancellationToken);
            var servers = lab.WriteServers();
            lab.Nginx = await NginxServer.StartAsync(
                _ => servers,
                [new IPEndPoint(IPAddress.Loopback, lab.FedPort), new IPEndPoint(IPAddress.IPv6Loopback, lab.FedPort6), new IPEndPoint(IPAddress.Loopback, lab.WebPort), new IPEndPoint(IPAddress.Loopback, lab.IpPort)],
                cancellationToken);
            lab.Bind = await BindServer.StartAsync(lab.Zones(), cancellationToken: cancellationToken);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    /// <summary>A PEM file (leaf then CA) for <paramref name="names"/>, for <c>--cert-file</c> tests.</summary>
    public string WriteCertificate(string fileName, IReadOnlyList<string> names, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool untrusted = false)
    {
        var ca = untrusted ? RogueCa : Ca;
        using var leaf = ca.IssueLeaf(names, notBefore, notAfter);
        return PemFiles.Write(Directory, fileName, leaf, ca.Certificate).CertificatePath;
    }

    public async ValueTask DisposeAsync()
    {
        if (Bind is not null)
        {
            await Bind.DisposeAsync();
        }

        if (Nginx is not null)
        {
            await Nginx.DisposeAsync();
        }

        if (Stub is not null)
        {
            await Stub.DisposeAsync();
        }

        Ca.Dispose();
        RogueCa.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static string Zone(string origin, string records) => $"""
        $TTL 300
        @ IN SOA ns.{origin}. hostmaster.{origin}. 1 3600 600 86400 300
        @ IN NS ns.{origin}.
        ns IN A 127.0.0.1
        {records}

        """;

    private List<BindZone> Zones()
    {
        string P(int port) => port.ToString(CultureInfo.InvariantCulture);
        string Both(string data) => $"_matrix-fed._tcp IN SRV {data}\n_matrix._tcp IN SRV {data}";
        var f = P(FedPort);
        return
        [
            new("ok.test", Zone("ok.test", Both("10 0 8448 matrix.ok.test.") + "\nmatrix IN A 127.0.0.1")),
            new("wk.test", Zone("wk.test", Both($"10 0 {f} other.wk.test.") + "\nmatrix IN A 127.0.0.1\nother IN A 127.0.0.1")),
            new("redir.test", Zone("redir.test", "@ IN A 127.0.0.1")),
            new("mismatch.test", Zone("mismatch.test", $"_matrix-fed._tcp IN SRV 10 0 {f} matrix.mismatch.test.\n_matrix._tcp IN SRV 10 0 {f} old.mismatch.test.\nmatrix IN A 127.0.0.1\nold IN A 127.0.0.1")),
            new("cname.test", Zone("cname.test", Both($"10 0 {f} alias.cname.test.") + "\nalias IN CNAME real.cname.test.\nreal IN A 127.0.0.1")),
            new("servfail.test", Zone("servfail.test", $"_matrix._tcp IN SRV 10 0 {f} matrix.servfail.test.\nmatrix IN A 127.0.0.1")),

            // A configured zone that fails to load: named answers SERVFAIL for every name in it.
            new("_matrix-fed._tcp.servfail.test", "this is not a zone file\n") { AllowUpdate = false },
            new("targetonly.test", Zone("targetonly.test", Both($"10 0 {f} matrix.targetonly.test.") + "\nmatrix IN A 127.0.0.1")),
            new("wildcard.test", Zone("wildcard.test", Both($"10 0 {f} matrix.wildcard.test.") + "\nmatrix IN A 127.0.0.1")),
            new("v6.test", Zone("v6.test", Both($"10 0 {P(FedPort6)} matrix.v6.test.") + "\nmatrix IN AAAA ::1")),
            new("proxy404.test", Zone("proxy404.test", Both($"10 0 {f} matrix.proxy404.test.") + "\nmatrix IN A 127.0.0.1")),
            new("untrusted.test", Zone("untrusted.test", Both($"10 0 {f} matrix.untrusted.test.") + "\nmatrix IN A 127.0.0.1")),
            new("expired.test", Zone("expired.test", Both($"10 0 {f} matrix.expired.test.") + "\nmatrix IN A 127.0.0.1")),

            new("wkdead.test", Zone("wkdead.test", Both($"10 0 {P(DeadPort)} dead.wkdead.test.") + "\ndead IN A 127.0.0.1\nmatrix IN A 127.0.0.1")),
            new("wkbad.test", Zone("wkbad.test", Both($"10 0 {f} good.wkbad.test.") + "\ngood IN A 127.0.0.1\ndead IN A 127.0.0.1")),
            new("failover.test", Zone("failover.test", Both($"10 0 {P(DeadPort)} dead.failover.test.") + "\n" + Both($"20 0 {f} live.failover.test.") + "\ndead IN A 127.0.0.1\nlive IN A 127.0.0.1")),
            new("backup.test", Zone("backup.test", Both($"10 0 {f} live.backup.test.") + "\n" + Both($"20 0 {P(DeadPort)} dead.backup.test.") + "\ndead IN A 127.0.0.1\nlive IN A 127.0.0.1")),
            new("port.test", Zone("port.test", "@ IN A 127.0.0.1")),
            new("noport.test", Zone("noport.test", "@ IN A 127.0.0.1")),

            // More SRV data than fits a UDP answer (EDNS 4096): only TCP carries it all.
            new("many.test", Zone("many.test", string.Join("\n", Enumerable.Range(1, 90).Select(i => $"_matrix-fed._tcp IN SRV 10 {i} {f} {i:D3}-long-target-label-for-a-truncated-udp-answer.many.test.")))),
        ];
    }

    private string WriteServers()
    {
        var now = DateTimeOffset.UtcNow;
        var sb = new StringBuilder();
        var fedListen = $"listen 127.0.0.1:{FedPort} ssl; listen [::1]:{FedPort6} ssl;";
        sb.AppendLine(CultureInfo.InvariantCulture, $"server {{ listen 127.0.0.1:{FedPort} ssl default_server; listen [::1]:{FedPort6} ssl default_server; ssl_reject_handshake on; }}");

        void Fed(string sni, string serverName, string[] names, TestCertificateAuthority? ca = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string body = "")
        {
            var (crt, key) = Issue("fed-" + sni, names, ca ?? Ca, notBefore, notAfter);
            var location = body.Length > 0 ? body : $"location / {{ proxy_pass http://127.0.0.1:{Stub.Port}; proxy_set_header {MatrixStubServer.ServerNameHeader} {serverName}; proxy_set_header Host $http_host; }}";
            sb.AppendLine(CultureInfo.InvariantCulture, $"server {{ {fedListen} server_name {sni}; ssl_certificate {crt}; ssl_certificate_key {key}; {location} }}");
        }

        Fed("ok.test", "ok.test", ["ok.test", "matrix.ok.test"]);
        Fed("matrix.wk.test", "wk.test", ["matrix.wk.test"]);
        Fed("wk.test", "wk.test", ["wk.test"]);
        Fed("mismatch.test", "mismatch.test", ["mismatch.test"]);
        Fed("cname.test", "cname.test", ["cname.test"]);
        Fed("targetonly.test", "targetonly.test", ["matrix.targetonly.test"]);
        Fed("wildcard.test", "wildcard.test", ["*.wildcard.test"]);
        Fed("v6.test", "v6.test", ["v6.test"]);
        Fed("proxy404.test", "proxy404.test", ["proxy404.test", "matrix.proxy404.test"], body: "location / { return 404; }");
        Fed("matrix.proxy404.test", "proxy404.test", ["proxy404.test", "matrix.proxy404.test"]);
        Fed("untrusted.test", "untrusted.test", ["untrusted.test"], RogueCa);
        Fed("expired.test", "expired.test", ["expired.test"], notBefore: now.AddDays(-90), notAfter: now.AddDays(-1));
        Fed("wkbad.test", "wkbad.test", ["wkbad.test"]);
        Fed("matrix.wkdead.test", "wkdead.test", ["matrix.wkdead.test"]);
        Fed("failover.test", "failover.test", ["failover.test"]);
        Fed("backup.test", "backup.test", ["backup.test"]);
        Fed("port.test", $"port.test:{FedPort}", ["port.test"]);
        Fed("noport.test", "noport.test", ["noport.test"]);

        // The IP-literal server name: no SNI, so the port's default server answers, with an iPAddress SAN.
        using (var ipLeaf = Ca.IssueLeaf(["ip.invalid"], ipAddresses: [IPAddress.Loopback]))
        {
            var (ipCrt, ipKey) = PemFiles.Write(Directory, "fed-ip", ipLeaf, Ca.Certificate);
            sb.AppendLine(CultureInfo.InvariantCulture, $"server {{ listen 127.0.0.1:{IpPort} ssl default_server; ssl_certificate {ipCrt}; ssl_certificate_key {ipKey}; location / {{ proxy_pass http://127.0.0.1:{Stub.Port}; proxy_set_header {MatrixStubServer.ServerNameHeader} 127.0.0.1:{IpPort}; proxy_set_header Host $http_host; }} }}");
        }

        // The base domains' web server on :443 (mapped): 404 for well-known, except wk.test (served) and redir.test (a redirect to it).
        var bases = new[] { "ok.test", "wk.test", "redir.test", "mismatch.test", "cname.test", "servfail.test", "targetonly.test", "wildcard.test", "v6.test", "proxy404.test", "untrusted.test", "expired.test", "loop.test", "big.test", "badjson.test", "wkdead.test", "wkbad.test", "failover.test", "backup.test" };
        var (webCrt, webKey) = Issue("web", bases, Ca, null, null);
        var web = $"listen 127.0.0.1:{WebPort} ssl; ssl_certificate {webCrt}; ssl_certificate_key {webKey};";
        sb.AppendLine(CultureInfo.InvariantCulture, $"server {{ listen 127.0.0.1:{WebPort} ssl default_server; ssl_certificate {webCrt}; ssl_certificate_key {webKey}; location / {{ return 404; }} }}");
        sb.AppendLine(CultureInfo.InvariantCulture, $$"""server { {{web}} server_name wk.test; location = /.well-known/matrix/server { default_type application/json; return 200 '{"m.server": "matrix.wk.test:{{FedPort}}"}'; } location / { return 404; } }""");
        sb.AppendLine(CultureInfo.InvariantCulture, $$"""server { {{web}} server_name wkdead.test; location = /.well-known/matrix/server { default_type application/json; return 200 '{"m.server": "matrix.wkdead.test:{{FedPort}}"}'; } }""");
        sb.AppendLine(CultureInfo.InvariantCulture, $$"""server { {{web}} server_name wkbad.test; location = /.well-known/matrix/server { default_type application/json; return 200 '{"m.server": "dead.wkbad.test:{{DeadPort}}"}'; } }""");
        sb.AppendLine(CultureInfo.InvariantCulture, $$"""server { {{web}} server_name redir.test; location = /.well-known/matrix/server { return 301 https://wk.test/.well-known/matrix/server; } location / { return 404; } }""");
        sb.AppendLine(CultureInfo.InvariantCulture, $$"""server { {{web}} server_name loop.test; location = /.well-known/matrix/server { return 302 https://loop.test/.well-known/matrix/server; } }""");
        var big = Path.Combine(Directory, "big.json");
        File.WriteAllText(big, $$"""{"m.server": "matrix.ok.test:8448", "pad": "{{new string('x', 60 * 1024)}}"}""");
        sb.AppendLine(CultureInfo.InvariantCulture, $$"""server { {{web}} server_name big.test; location = /.well-known/matrix/server { default_type application/json; alias {{big}}; } }""");
        sb.AppendLine(CultureInfo.InvariantCulture, $$"""server { {{web}} server_name badjson.test; location = /.well-known/matrix/server { default_type application/json; return 200 '{"m.server": '; } }""");
        return sb.ToString();
    }

    private (string Crt, string Key) Issue(string name, string[] names, TestCertificateAuthority ca, DateTimeOffset? notBefore, DateTimeOffset? notAfter)
    {
        using var leaf = ca.IssueLeaf(names, notBefore, notAfter);
        return PemFiles.Write(Directory, name.Replace('*', '_'), leaf, ca.Certificate);
    }
}
