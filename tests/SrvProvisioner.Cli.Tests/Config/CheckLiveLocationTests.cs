using System.Net;
using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Certificates;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Net;
using SrvProvisioner.Testing.Nginx;

namespace SrvProvisioner.Cli.Tests.Config;

/// <summary>
/// <c>plan --check-live --config nginx.conf</c> against a real nginx serving the well-known:
/// the finding names the location of the given config that serves it, and claims none when
/// the live answer is not what the given config serves.
/// </summary>
[Trait("Category", "Binary")]
public sealed class CheckLiveLocationTests : IAsyncLifetime
{
    private const string ServerName = "cl.test";
    private const string LiveBody = """{"m.server": "matrix.cl.test:443"}""";
    private const string LocationLine = "location = /.well-known/matrix/server {";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-checklive-loc-").FullName;
    private readonly int _port = FreePort.Find(IPAddress.Loopback);
    private NginxServer _nginx = null!;

    public async Task InitializeAsync()
    {
        using var ca = new TestCertificateAuthority();
        ca.WriteCaFile(_dir);
        using var leaf = ca.IssueLeaf([ServerName]);
        var (crt, key) = PemFiles.Write(_dir, "cl", leaf, ca.Certificate);
        _nginx = await NginxServer.StartAsync(
            _ => $$"""
                server {
                    listen 127.0.0.1:{{_port}} ssl;
                    server_name {{ServerName}};
                    ssl_certificate {{crt}};
                    ssl_certificate_key {{key}};
                    {{LocationLine}}
                        default_type application/json;
                        return 200 '{{LiveBody}}';
                    }
                    location / { return 404; }
                }
                """,
            [new IPEndPoint(IPAddress.Loopback, _port)]);
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task CheckLive_NamesTheNginxLocationThatServesTheLiveFile()
    {
        var conf = Path.Combine(_nginx.Directory, "nginx.conf");

        var result = await PlanAsync(conf);

        var message = WellKnownServed(result);
        message.ShouldContain($"It is served by {conf}:{LineOf(conf, LocationLine)} (location = /.well-known/matrix/server): the Server header and the body match.");
    }

    [Fact]
    public async Task CheckLive_ClaimsNoLocation_WhenTheGivenConfigServesAnotherBody()
    {
        // The given config serves another delegation than the live server does: it cannot be what answered.
        var other = Path.Combine(_dir, "other");
        Directory.CreateDirectory(other);
        var conf = Path.Combine(other, "nginx.conf");
        var text = await File.ReadAllTextAsync(Path.Combine(_nginx.Directory, "nginx.conf"));
        await File.WriteAllTextAsync(conf, text.Replace("matrix.cl.test:443", "old.cl.test:443", StringComparison.Ordinal));

        var result = await PlanAsync(conf);

        var message = WellKnownServed(result);
        message.ShouldContain("None of the locations in the given configs matches the answer (Server: nginx");
        message.ShouldContain("a different body");
        message.ShouldNotContain(conf + ":");
    }

    private async Task<SrvprovResult> PlanAsync(string conf)
    {
        var zone = Path.Combine(_dir, "cl.test.zone");
        await File.WriteAllTextAsync(zone, "$ORIGIN cl.test.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 127.0.0.1\n");
        return await SrvprovProcess.RunAsync(["plan", "--zone-file", zone, "--server-name", ServerName, "--target", "matrix.cl.test", "--config", conf, "--check-live", "--connect-to", $"{ServerName}:443:127.0.0.1:{_port}", "--ca-file", Path.Combine(_dir, "ca.pem"), "--timeout", "20s", "--format", "json"]);
    }

    private static string WellKnownServed(SrvprovResult result)
    {
        var findings = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray();
        var finding = findings.Single(f => f!["code"]!.GetValue<string>() == "well-known-served")!;
        finding["severity"]!.GetValue<string>().ShouldBe("error");
        return finding["message"]!.GetValue<string>();
    }

    private static int LineOf(string path, string text) =>
        File.ReadAllLines(path).Select((line, index) => (line, index)).Single(l => l.line.Contains(text, StringComparison.Ordinal)).index + 1;
}
