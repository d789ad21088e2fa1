using SrvProvisioner.Testing.Acme;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Files;

namespace SrvProvisioner.Cli.Tests.Acme;

/// <summary>
/// <c>srvprov acme-hook</c> through the CLI against a real BIND (RFC 2136 with TSIG) whose
/// name server answers on port 53, in lego's <c>exec</c> and certbot's manual-hook conventions.
/// </summary>
[Trait("Category", "Binary")]
[Collection(AcmeLabCollection.Name)]
public sealed class AcmeHookCliTests(AcmeLabFixture fixture) : IDisposable
{
    // RFC 8555 §8.4 values are 43 base64url characters; these are shaped like them.
    private const string DashValue = "-Xq9gfj_Kk0aBcdEFGhijkLMNopQRstuVWxyz012345";
    private const string OtherValue = "Zz9gfj_Kk0aBcdEFGhijkLMNopQRstuVWxyz0123456";

    private readonly AcmeLab _lab = fixture.Lab;
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-acmehook-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Lego_PresentValueStartingWithDash_ThenCleanup_RemovesOnlyItsValue()
    {
        var name = "_acme-challenge.dash.acme.test";

        var first = await Hook([.. _lab.ProviderArgs, "present", name + ".", DashValue]);
        var second = await Hook([.. _lab.ProviderArgs, "present", name + ".", OtherValue]);

        first.ExitCode.ShouldBe(0, first.ToString());
        second.ExitCode.ShouldBe(0, second.ToString());
        first.Stdout.ShouldBeEmpty();
        (await _lab.TxtAsync(name)).ShouldBe(new[] { DashValue, OtherValue }.Order(StringComparer.Ordinal));

        var cleanup = await Hook([.. _lab.ProviderArgs, "cleanup", name + ".", DashValue]);

        cleanup.ExitCode.ShouldBe(0, cleanup.ToString());
        (await _lab.TxtAsync(name)).ShouldBe([OtherValue]);
        (await Hook([.. _lab.ProviderArgs, "cleanup", name + ".", OtherValue])).ExitCode.ShouldBe(0);
        (await _lab.TxtAsync(name)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Certbot_PresentByEnvironment_ThenCleanupWhenAuthOutputIsSet_EvenEmpty()
    {
        var env = new Dictionary<string, string?> { ["CERTBOT_DOMAIN"] = "*.wild.acme.test", ["CERTBOT_VALIDATION"] = OtherValue };

        var present = await Hook(_lab.ProviderArgs, env);

        present.ExitCode.ShouldBe(0, present.ToString());
        (await _lab.TxtAsync("_acme-challenge.wild.acme.test")).ShouldBe([OtherValue]);

        env["CERTBOT_AUTH_OUTPUT"] = string.Empty;
        var cleanup = await Hook(_lab.ProviderArgs, env);

        cleanup.ExitCode.ShouldBe(0, cleanup.ToString());
        (await _lab.TxtAsync("_acme-challenge.wild.acme.test")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Present_FailsAfterTimeout_WhenANameServerNeverAnswers_AndLeavesNoTxt()
    {
        var result = await Hook([.. _lab.ProviderArgs, "--propagation-timeout", "2s", "present", "_acme-challenge.lagging.test.", OtherValue]);

        result.ExitCode.ShouldBe(1, result.ToString());
        var errors = result.Stderr.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        errors.ShouldHaveSingleItem().ShouldContain("127.0.53.20");
        errors[0].ShouldContain("removed again");
        (await _lab.TxtAsync("_acme-challenge.lagging.test")).ShouldBeEmpty();
    }

    [Fact]
    public async Task HookConfig_HoldsProviderOptions_ForUnattendedRenewals()
    {
        var config = await WriteConfigAsync("600");

        var present = await Hook(["--hook-config", config, "present", "_acme-challenge.conf.acme.test.", OtherValue]);

        present.ExitCode.ShouldBe(0, present.ToString());
        (await _lab.TxtAsync("_acme-challenge.conf.acme.test")).ShouldBe([OtherValue]);
        var cleanup = await Hook(["cleanup", "_acme-challenge.conf.acme.test.", OtherValue], new Dictionary<string, string?> { ["SRVPROV_ACME_HOOK_CONFIG"] = config });
        cleanup.ExitCode.ShouldBe(0, cleanup.ToString());
        (await _lab.TxtAsync("_acme-challenge.conf.acme.test")).ShouldBeEmpty();
    }

    [Fact]
    public async Task HookConfig_IsRefused_WhenGroupWritableOrASymlink_AndNothingIsWritten()
    {
        var writable = await WriteConfigAsync("620");
        var link = Path.Combine(_dir, "link.conf");
        File.CreateSymbolicLink(link, await WriteConfigAsync("600", "real.conf"));

        var groupWritable = await Hook(["--hook-config", writable, "present", "_acme-challenge.refused.acme.test.", OtherValue]);
        var symlinked = await Hook(["--hook-config", link, "present", "_acme-challenge.refused.acme.test.", OtherValue]);

        groupWritable.ExitCode.ShouldBe(1);
        groupWritable.Stderr.Trim().ShouldStartWith("error:");
        groupWritable.Stderr.ShouldContain("chmod go-w");
        symlinked.ExitCode.ShouldBe(1);
        symlinked.Stderr.ShouldContain("symbolic link");
        (await _lab.TxtAsync("_acme-challenge.refused.acme.test")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("_dmarc.acme.test.", DashValue, "not a domain an ACME CA validates")]
    [InlineData("_acme-challenge.acme.test.", "v=spf1 +all", "not an ACME DNS-01 value")]
    [InlineData("_acme-challenge.elsewhere.example.", DashValue, "elsewhere.example")]
    public async Task Present_RefusesAnythingButAChallengeValue_WithOneLine(string name, string value, string says)
    {
        var result = await Hook([.. _lab.ProviderArgs, "present", name, value]);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain(says);
    }

    private Task<SrvprovResult> Hook(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null) =>
        SrvprovProcess.RunAsync(["acme-hook", .. args], env, timeout: TimeSpan.FromMinutes(1));

    private async Task<string> WriteConfigAsync(string mode, string fileName = "hook.conf")
    {
        var path = Path.Combine(_dir, fileName);
        await File.WriteAllTextAsync(path, $"# srvprov acme-hook settings\nprovider = rfc2136\nrfc2136-server = {_lab.Bind.Address}\n--rfc2136-key-file = {_lab.Bind.KeyFilePath}\n");
        await UnixFileFacts.ChmodAsync(path, mode);
        return path;
    }
}
