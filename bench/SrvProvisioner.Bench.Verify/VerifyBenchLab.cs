using System.Globalization;
using System.Net;
using System.Text;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Certificates;
using SrvProvisioner.Testing.Net;
using SrvProvisioner.Testing.Nginx;

namespace SrvProvisioner.Bench.Verify;

/// <summary>
/// BIND with one zone per domain (dNNNN.bench.test: both SRV names -> matrix.dNNNN.bench.test:FedPort,
/// its A record 127.0.0.1), nginx on 127.0.0.1:FedPort choosing a certificate by SNI (each
/// certificate covers <c>namesPerCertificate</c> base domains as SANs) in front of the
/// <see cref="MatrixStubServer"/>, the base domains' website on 127.0.0.1:WebPort over real TLS
/// (the same certificates), and a fleet file listing every domain. As in real fleets, most base
/// domains answer 404 for <c>/.well-known/matrix/server</c> and a tenth (those whose number ends
/// in 0) serve a valid delegation to matrix.dNNNN.bench.test:FedPort. Loopback only; dispose stops all.
/// </summary>
internal sealed class VerifyBenchLab : IAsyncDisposable
{
    private VerifyBenchLab(string directory, IReadOnlyList<string> domains, int fedPort, int webPort)
    {
        Directory = directory;
        Domains = domains;
        FedPort = fedPort;
        WebPort = webPort;
    }

    public string Directory { get; }

    public IReadOnlyList<string> Domains { get; }

    public int FedPort { get; }

    /// <summary>The base domains' website: <c>--connect-to :443:127.0.0.1:WebPort</c>.</summary>
    public int WebPort { get; }

    /// <summary>Domains whose website serves a valid well-known delegation (a tenth).</summary>
    public static bool Delegated(string domain) => domain.Split('.')[0].EndsWith('0');

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string FleetFile => Path.Combine(Directory, "fleet.yaml");

    public TestCertificateAuthority Ca { get; } = new("srvprov bench CA");

    public BindServer Bind { get; private set; } = null!;

    public NginxServer Nginx { get; private set; } = null!;

    public MatrixStubServer Stub { get; private set; } = null!;

    public static async Task<VerifyBenchLab> StartAsync(int count, int namesPerCertificate, CancellationToken cancellationToken)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("srvprov-verifybench-").FullName;
        var domains = Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"d{i:D4}.bench.test")).ToList();
        var lab = new VerifyBenchLab(dir, domains, FreePort.Find(), FreePort.Find());
        try
        {
            lab.Ca.WriteCaFile(dir);
            lab.Stub = await MatrixStubServer.StartAsync(cancellationToken);
            var servers = lab.Servers(namesPerCertificate);
            lab.Nginx = await NginxServer.StartAsync(_ => servers, [new IPEndPoint(IPAddress.Loopback, lab.FedPort), new IPEndPoint(IPAddress.Loopback, lab.WebPort)], cancellationToken);
            lab.Bind = await BindServer.StartAsync(lab.Zones(), cancellationToken: cancellationToken);
            await File.WriteAllTextAsync(lab.FleetFile, lab.Fleet(), cancellationToken);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
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
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private List<BindZone> Zones()
    {
        var port = FedPort.ToString(CultureInfo.InvariantCulture);
        return [.. Domains.Select(d => new BindZone(d, $"""
            $TTL 300
            @ IN SOA ns.{d}. hostmaster.{d}. 1 3600 600 86400 300
            @ IN NS ns.{d}.
            ns IN A 127.0.0.1
            _matrix-fed._tcp IN SRV 10 0 {port} matrix.{d}.
            _matrix._tcp IN SRV 10 0 {port} matrix.{d}.
            matrix IN A 127.0.0.1

            """) { AllowUpdate = false })];
    }

    private string Servers(int namesPerCertificate)
    {
        var sb = new StringBuilder();
        sb.AppendLine("server_names_hash_bucket_size 128; server_names_hash_max_size 8192;");
        sb.AppendLine(CultureInfo.InvariantCulture, $"server {{ listen 127.0.0.1:{FedPort} ssl default_server; ssl_reject_handshake on; }}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"server {{ listen 127.0.0.1:{WebPort} ssl default_server; ssl_reject_handshake on; }}");

        // The key endpoint answers with the server name: the SNI for SRV delegation, the SNI
        // without "matrix." for a well-known delegation to matrix.<server name>.
        sb.AppendLine("map $ssl_server_name $matrix_server_name { ~^matrix\\.(?<base>.+)$ $base; default $ssl_server_name; }");
        var group = 0;
        var fed = FedPort.ToString(CultureInfo.InvariantCulture);
        foreach (var chunk in Domains.Chunk(namesPerCertificate))
        {
            string[] names = [.. chunk, .. chunk.Where(Delegated).Select(d => "matrix." + d)];
            using var leaf = Ca.IssueLeaf(names);
            var (crt, key) = PemFiles.Write(Directory, string.Create(CultureInfo.InvariantCulture, $"group{group++}"), leaf, Ca.Certificate);
            sb.AppendLine(CultureInfo.InvariantCulture, $"server {{ listen 127.0.0.1:{FedPort} ssl; server_name {string.Join(' ', names)}; ssl_certificate {crt}; ssl_certificate_key {key}; location / {{ proxy_pass http://127.0.0.1:{Stub.Port}; proxy_set_header {MatrixStubServer.ServerNameHeader} $matrix_server_name; proxy_set_header Host $http_host; }} }}");
            sb.AppendLine(CultureInfo.InvariantCulture, $$"""server { listen 127.0.0.1:{{WebPort}} ssl; server_name {{string.Join(' ', chunk)}}; ssl_certificate {{crt}}; ssl_certificate_key {{key}}; location = /.well-known/matrix/server { default_type application/json; if ($host ~ "^d[0-9]*0\.bench\.test$") { return 200 '{"m.server": "matrix.$host:{{fed}}"}'; } return 404; } location / { return 404; } }""");
        }

        return sb.ToString();
    }

    private string Fleet()
    {
        var sb = new StringBuilder();
        sb.AppendLine("version: 1");
        sb.AppendLine("providers:");
        sb.AppendLine("  lab:");
        sb.AppendLine("    type: rfc2136");
        sb.AppendLine("    options:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"      rfc2136-server: \"{Bind.Address}\"");
        sb.AppendLine("domains:");
        foreach (var d in Domains)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  - server-name: {d}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    targets: [matrix.{d}:{FedPort}]");
        }

        return sb.ToString();
    }
}
