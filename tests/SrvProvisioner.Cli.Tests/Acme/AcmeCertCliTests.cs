using System.Net;
using System.Security.Cryptography.X509Certificates;
using SrvProvisioner.Testing.Acme;
using SrvProvisioner.Testing.Certificates;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Files;
using SrvProvisioner.Testing.Nginx;

namespace SrvProvisioner.Cli.Tests.Acme;

/// <summary>
/// <c>srvprov cert</c> end to end (issue 19, "Done when"): certbot or lego from Debian, pebble
/// as the CA, RFC 2136 into BIND, the certificate installed, nginx reloaded by the deploy hook,
/// and <c>srvprov verify</c> passing against it with SNI = server name.
/// </summary>
[Trait("Category", "Binary")]
[Collection(AcmeLabCollection.Name)]
public sealed class AcmeCertCliTests(AcmeLabFixture fixture) : IDisposable
{
    private readonly AcmeLab _lab = fixture.Lab;
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-acmecert-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CertPath => Path.Combine(_dir, "fullchain.pem");

    private string KeyPath => Path.Combine(_dir, "privkey.pem");

    [Fact]
    public async Task Cert_ViaCertbot_Installs_ReloadsNginx_AndVerifyPasses()
    {
        const string server = "nginx.acme.test";

        // nginx starts with a placeholder for the server name, as before the first certificate.
        using (var placeholderCa = new TestCertificateAuthority("placeholder"))
        using (var placeholder = placeholderCa.IssueLeaf([server]))
        {
            var (crt, key) = PemFiles.Write(_dir, "placeholder", placeholder);
            File.Move(crt, CertPath);
            File.Move(key, KeyPath);
        }

        await UnixFileFacts.ChmodAsync(KeyPath, "600");
        await using var stub = await MatrixStubServer.StartAsync();
        await using var nginx = await NginxServer.StartAsync(
            _ => $"server {{ listen 127.0.0.1:{_lab.FedPort} ssl; server_name {server}; ssl_certificate {CertPath}; ssl_certificate_key {KeyPath}; location / {{ proxy_pass http://127.0.0.1:{stub.Port}; proxy_set_header {MatrixStubServer.ServerNameHeader} {server}; proxy_set_header Host $http_host; }} }}",
            [new IPEndPoint(IPAddress.Loopback, _lab.FedPort)]);
        var marker = Path.Combine(_dir, "deployed");
        var deploy = $"kill -HUP $(cat {SrvprovShellCommand.Quote(Path.Combine(nginx.Directory, "nginx.pid"))}) && sleep 1 && touch {SrvprovShellCommand.Quote(marker)}";

        var result = await Cert(server, "certbot", ["--deploy-hook", deploy, "--prove"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        File.Exists(marker).ShouldBeTrue();
        (await UnixFileFacts.OfAsync(KeyPath)).Mode.ShouldBe("600");
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await File.ReadAllTextAsync(CertPath));
        chain.Count.ShouldBeGreaterThan(1);
        chain[0].MatchesHostname(server).ShouldBeTrue();
        chain[0].Issuer.ShouldContain("Pebble");
        using (X509Certificate2.CreateFromPemFile(CertPath, KeyPath))
        {
            // throws when the installed key is not the leaf's
        }

        var verify = await SrvprovProcess.RunAsync(["verify", "--server-name", server, "--dns-server", "127.0.53.19:53", "--ca-file", _lab.Pebble.IssuerRootFile, "--timeout", "20s"]);
        verify.ExitCode.ShouldBe(0, verify.ToString());
        (await _lab.TxtAsync("_acme-challenge." + server)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cert_ViaLego_KeepsAnExistingKeysOwnerAndMode_AndNeverMakesItWorldReadable()
    {
        await File.WriteAllTextAsync(KeyPath, "old key\n");
        await UnixFileFacts.ChownAsync(KeyPath, "65534:65534");
        await UnixFileFacts.ChmodAsync(KeyPath, "640");

        var result = await Cert("lego.cert.acme.test", "lego", ["--acme-email", "admin@acme.test"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        var facts = await UnixFileFacts.OfAsync(KeyPath);
        (facts.Uid, facts.Gid, facts.Mode).ShouldBe((65534u, 65534u, "640"));
        (await File.ReadAllTextAsync(KeyPath)).ShouldContain("PRIVATE KEY");
        (await UnixFileFacts.OfAsync(CertPath)).Mode.ShouldBe("600");
        Directory.GetFiles(_dir).Select(Path.GetFileName).ShouldNotContain(n => n!.Contains("srvprov-backup", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cert_FailedOrder_InstallsNothing_AndRunsNoDeployHook()
    {
        var marker = Path.Combine(_dir, "deployed");

        // No zone serves the name: present refuses before writing, the CA finds no TXT. (certbot
        // only reports a failing auth hook and goes on, so the order must fail at the CA.)
        var result = await Cert("www.nozone.test", "certbot", ["--deploy-hook", $"touch {SrvprovShellCommand.Quote(marker)}"]);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.Split('\n').Count(l => l.StartsWith("error:", StringComparison.Ordinal)).ShouldBe(1);
        File.Exists(marker).ShouldBeFalse();
        File.Exists(CertPath).ShouldBeFalse();
        File.Exists(KeyPath).ShouldBeFalse();
        result.Stderr.ShouldContain("certbot failed");
    }

    [Fact]
    public async Task Cert_RefusesSymlinkedKeyPath_OrWorldReadableKey_BeforeAnyOrder()
    {
        var elsewhere = Path.Combine(_dir, "elsewhere");
        await File.WriteAllTextAsync(elsewhere, "not a key\n");
        File.CreateSymbolicLink(KeyPath, elsewhere);

        var linked = await Cert("refused.acme.test", "certbot", []);

        linked.ExitCode.ShouldBe(1);
        linked.Stderr.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("symbolic link");
        (await File.ReadAllTextAsync(elsewhere)).ShouldBe("not a key\n");

        File.Delete(KeyPath);
        await File.WriteAllTextAsync(KeyPath, "old\n");
        await UnixFileFacts.ChmodAsync(KeyPath, "644");
        var readable = await Cert("refused.acme.test", "certbot", []);

        readable.ExitCode.ShouldBe(1);
        readable.Stderr.ShouldContain("chmod o-rwx");
        (await File.ReadAllTextAsync(KeyPath)).ShouldBe("old\n");
    }

    private Task<SrvprovResult> Cert(string serverName, string client, IEnumerable<string> extra) =>
        SrvprovProcess.RunAsync(
            [
                "cert", "--server-name", serverName, .. _lab.ProviderArgs, "--client", client,
                "--acme-server", _lab.Pebble.DirectoryUrl, "--cert-path", CertPath, "--key-path", KeyPath,
                "--dns-server", "127.0.53.19:53", "--ca-file", _lab.Pebble.IssuerRootFile, .. extra,
            ],
            new Dictionary<string, string?> { ["REQUESTS_CA_BUNDLE"] = _lab.Pebble.TlsCaFile, ["LEGO_CA_CERTIFICATES"] = _lab.Pebble.TlsCaFile },
            timeout: TimeSpan.FromMinutes(3));
}
