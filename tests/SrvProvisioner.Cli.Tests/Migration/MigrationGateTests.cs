using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>
/// apply refuses to make an unproven SRV path live, through the CLI against real BIND and
/// nginx: each broken target keeps the config file byte-identical, and with no well-known
/// served the DNS is not written either.
/// </summary>
[Trait("Category", "Binary")]
[Collection(MigrationLabCollection.Name)]
public sealed class MigrationGateTests(MigrationLabFixture fixture)
{
    private MigrationLab Lab => fixture.Lab;

    [Theory]
    [InlineData("m-targetonly.test", "certificate-for-target-only")]
    [InlineData("m-expired.test", "certificate-expired")]
    [InlineData("m-untrusted.test", "certificate-untrusted")]
    [InlineData("m-proxy404.test", "proxy-rejects-server-name")]
    [InlineData("m-closed.test", "connect-failed")]
    public async Task Apply_RefusesDnsAndConfig_WhenProofFails_AndNoWellKnownIsServed(string serverName, string code)
    {
        using var run = new MigrationRun(Lab, serverName);

        var result = await run.RunAsync("apply");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stdout.ShouldContain($"[{code}]");
        result.Stdout.ShouldContain("To fix before the SRV path can go live");
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);
        Directory.GetFiles(run.Directory, "*.srvprov-backup-*").ShouldBeEmpty();
        (await run.SrvOnPrimaryAsync()).ShouldBeEmpty("no well-known is served, so SRV records would be live at once");
    }

    [Fact]
    public async Task Apply_Json_ReportsAllFourStagesInOrder_AndTheProofChecks_WhenRefused()
    {
        using var run = new MigrationRun(Lab, "m-targetonly.test");

        var result = await run.RunAsync("apply", "--format", "json");

        result.ExitCode.ShouldBe(2, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        var stages = json["stages"]!.AsArray().Select(s => (s!["name"]!.GetValue<string>(), s["status"]!.GetValue<string>())).ToList();
        stages.ShouldBe([("proof", "refused"), ("dns", "refused"), ("propagation", "not-needed"), ("config", "refused")]);
        var checks = json["checks"]!.AsArray();
        checks.ShouldContain(c => c!["name"]!.GetValue<string>().StartsWith("certificate-name 127.0.0.1:", StringComparison.Ordinal) && c["status"]!.GetValue<string>() == "fail");
        checks.ShouldContain(c => c!["name"]!.GetValue<string>().StartsWith("tls ", StringComparison.Ordinal) && c["status"]!.GetValue<string>() == "pass");
        json["findings"]!.AsArray().ShouldContain(f => f!["code"]!.GetValue<string>() == "certificate-for-target-only");
        json["proofSkipped"]!.GetValue<bool>().ShouldBeFalse();
        json["oldPathServedUntil"].ShouldBeNull();
    }

    [Fact]
    public async Task Apply_WritesShadowedDns_ButKeepsWellKnown_WhenWellKnownIsServedAndProofFails()
    {
        using var run = new MigrationRun(Lab, "m-wkbad.test");

        var result = await run.RunAsync("apply", "--format", "json");

        result.ExitCode.ShouldBe(2, result.ToString());
        var stages = JsonNode.Parse(result.Stdout)!["stages"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()).ToList();
        stages.ShouldBe(["refused", "done", "not-needed", "refused"]);
        (await run.SrvOnPrimaryAsync()).ShouldBe([$"10 0 {Lab.FedPort} matrix.m-wkbad.test."]);
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);
    }

    [Fact]
    public async Task Apply_RefusesConfig_NamingTheLaggingServer_WhenSecondaryStillLagsAtDeadline()
    {
        using var run = new MigrationRun(Lab, "m-lagfail.test");

        var result = await run.RunAsync("apply", "--propagation-timeout", "3s");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stdout.ShouldContain("still lagging: ns2.m-lagfail.test. (127.0.53.2)");
        result.Stdout.ShouldNotContain("ns1.m-lagfail.test. (127.0.53.1) answers");
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);
        (await run.SrvOnPrimaryAsync()).ShouldBe([$"10 0 {Lab.FedPort} matrix.m-lagfail.test."]);
        (await run.SrvOnSecondaryAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task PlanProve_ShowsTheProofAsChecksAndFindings_AndChangesNothing()
    {
        using var run = new MigrationRun(Lab, "m-targetonly.test");

        var result = await run.RunAsync("plan", "--prove", "--format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        json["checks"]!.AsArray().ShouldContain(c => c!["name"]!.GetValue<string>().StartsWith("certificate-name ", StringComparison.Ordinal) && c["status"]!.GetValue<string>() == "fail");
        json["findings"]!.AsArray().ShouldContain(f => f!["code"]!.GetValue<string>() == "certificate-for-target-only");
        File.ReadAllBytes(run.ConfigPath).ShouldBe(run.ConfigBytes);
        (await run.SrvOnPrimaryAsync()).ShouldBeEmpty();
    }
}
