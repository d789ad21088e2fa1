using System.Security.Cryptography.X509Certificates;
using SrvProvisioner.Testing.Acme;
using SrvProvisioner.Testing.Files;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Cli.Tests.Acme;

/// <summary>
/// certbot and lego, from Debian, get certificates from pebble with <c>srvprov acme-hook</c> as
/// their DNS-01 hook, writing through RFC 2136 to the BIND pebble validates against.
/// </summary>
[Trait("Category", "Binary")]
[Collection(AcmeLabCollection.Name)]
public sealed class AcmeClientCliTests(AcmeLabFixture fixture) : IDisposable
{
    private readonly AcmeLab _lab = fixture.Lab;
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-acmeclient-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Certbot_ManualHooks_GetCertificateForApexAndWildcard_AndLeaveNoTxt()
    {
        // Two challenges at one name, pending together: the second present must keep the first.
        var hook = SrvprovShellCommand.Line(["acme-hook", .. _lab.ProviderArgs]);

        var result = await AcmeClients.CertbotManualAsync(_lab, _dir, hook, hook, "certbot.acme.test", "*.certbot.acme.test");

        result.ExitCode.ShouldBe(0, $"{result.Stdout}\n{result.Stderr}\n{Logs()}");
        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, "config", "live", "srvprov", "cert.pem")));
        leaf.MatchesHostname("certbot.acme.test").ShouldBeTrue();
        leaf.MatchesHostname("any.certbot.acme.test").ShouldBeTrue();
        (await _lab.TxtAsync("_acme-challenge.certbot.acme.test")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Certbot_FailedValidation_WrongTxt_LeavesNoTxtBehind()
    {
        // The hook publishes a value the CA does not expect, so validation fails; the cleanup
        // hook still runs and must remove what present wrote.
        var hook = "CERTBOT_VALIDATION=wrongValue_0123456789abcdefghijklmnopqrstu " + SrvprovShellCommand.Line(["acme-hook", .. _lab.ProviderArgs]);

        var result = await AcmeClients.CertbotManualAsync(_lab, _dir, hook, hook, "wrong.acme.test");

        result.ExitCode.ShouldNotBe(0, result.Stdout);
        File.Exists(Path.Combine(_dir, "config", "live", "srvprov", "cert.pem")).ShouldBeFalse();
        (await _lab.TxtAsync("_acme-challenge.wrong.acme.test")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Lego_Exec_GetsCertificate_WithHookConfigFile()
    {
        var config = Path.Combine(_dir, "hook.conf");
        File.WriteAllText(config, $"provider = rfc2136\nrfc2136-server = {_lab.Bind.Address}\nrfc2136-key-file = {_lab.Bind.KeyFilePath}\n");
        await UnixFileFacts.ChmodAsync(config, "600");
        var script = await SrvprovShellCommand.WriteScriptAsync(_dir, ["acme-hook", "--hook-config", config]);

        var result = await ChildProcess.RunAsync(
            AcmeClients.Find("lego", "lego"),
            ["--accept-tos", "--email", "admin@acme.test", "--server", _lab.Pebble.DirectoryUrl, "--path", Path.Combine(_dir, "lego"),
             "--dns", "exec", "--dns.disable-cp", "--dns.resolvers", _lab.Bind.Address, "-d", "lego.acme.test", "run"],
            new Dictionary<string, string?>
            {
                ["EXEC_PATH"] = script,
                ["EXEC_PROPAGATION_TIMEOUT"] = "60",
                ["EXEC_POLLING_INTERVAL"] = "1",
                ["LEGO_CA_CERTIFICATES"] = _lab.Pebble.TlsCaFile,
            },
            TimeSpan.FromMinutes(3));

        result.ExitCode.ShouldBe(0, $"{result.Stdout}\n{result.Stderr}");
        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_dir, "lego", "certificates", "lego.acme.test.crt")));
        leaf.MatchesHostname("lego.acme.test").ShouldBeTrue();
        (await _lab.TxtAsync("_acme-challenge.lego.acme.test")).ShouldBeEmpty();
    }

    private string Logs()
    {
        var log = Path.Combine(_dir, "logs", "letsencrypt.log");
        return File.Exists(log) ? File.ReadAllText(log)[^Math.Min(6000, (int)new FileInfo(log).Length)..] : "(no certbot log)";
    }
}
