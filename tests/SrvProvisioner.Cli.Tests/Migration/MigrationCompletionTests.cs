using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>apply completes a proven migration: DNS, every authoritative server, then the config, through the CLI against real BIND and nginx.</summary>
[Trait("Category", "Binary")]
[Collection(MigrationLabCollection.Name)]
public sealed class MigrationCompletionTests(MigrationLabFixture fixture)
{
    private MigrationLab Lab => fixture.Lab;

    [Fact]
    public async Task Apply_CompletesEveryStage_WithGoodCertificate_AndConnectToARunningEndpoint()
    {
        using var run = new MigrationRun(Lab, "m-good.test") { Target = "matrix.m-good.test:8448" };

        var result = await run.ApplyReleasingSecondaryAsync(TimeSpan.Zero, "--format", "json", "--connect-to", $"matrix.m-good.test:8448:127.0.0.1:{Lab.FedPort}");

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        json["stages"]!.AsArray().Select(s => (s!["name"]!.GetValue<string>(), s["status"]!.GetValue<string>())).ShouldBe([("proof", "done"), ("dns", "done"), ("propagation", "done"), ("config", "done")]);
        json["checks"]!.AsArray().ShouldContain(c => c!["name"]!.GetValue<string>().StartsWith("key-endpoint ", StringComparison.Ordinal) && c["status"]!.GetValue<string>() == "pass");
        json["checks"]!.AsArray().ShouldNotContain(c => c!["status"]!.GetValue<string>() == "fail");
        (await run.SrvOnPrimaryAsync()).ShouldBe(["10 0 8448 matrix.m-good.test."]);
        (await run.SrvOnSecondaryAsync()).ShouldBe(["10 0 8448 matrix.m-good.test."]);
        File.ReadAllText(run.ConfigPath).ShouldContain("serve_server_wellknown: false");
    }

    [Fact]
    public async Task Apply_WaitsForTheLaggingSecondary_ThenSwitchesTheConfig()
    {
        using var run = new MigrationRun(Lab, "m-lag.test");
        var clock = Stopwatch.StartNew();

        var result = await run.ApplyReleasingSecondaryAsync(TimeSpan.FromSeconds(4));

        result.ExitCode.ShouldBe(0, result.ToString());
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(4));
        result.Stdout.ShouldContain("all 2 authoritative server(s) serve the planned SRV sets (ns1.m-lag.test. (127.0.53.1), ns2.m-lag.test. (127.0.53.2))");
        (await run.SrvOnSecondaryAsync()).ShouldBe([$"10 0 {Lab.FedPort} matrix.m-lag.test."]);
        File.ReadAllText(run.ConfigPath).ShouldContain("serve_server_wellknown: false");
    }

    [Fact]
    public async Task Apply_ReportsTheCacheWindow_FromTheServedWellKnownsMaxAge()
    {
        using var run = new MigrationRun(Lab, "m-wk.test");
        var before = DateTimeOffset.UtcNow;

        var result = await run.ApplyReleasingSecondaryAsync(TimeSpan.Zero, "--format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        json["stages"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()).ShouldBe(["done", "done", "done", "done"]);
        var until = DateTimeOffset.Parse(json["oldPathServedUntil"]!.GetValue<string>(), CultureInfo.InvariantCulture);

        // nginx serves it with Cache-Control: max-age=7200.
        until.ShouldBeGreaterThanOrEqualTo(before.AddHours(2).AddSeconds(-1));
        until.ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddHours(2).AddSeconds(1));
        json["stages"]![3]!["detail"]!.GetValue<string>().ShouldContain("keep old.m-wk.test:443 serving federation until then");
    }

    [Fact]
    public async Task Apply_SkipProof_MakesTheUnprovenPathLive_AndSaysSoLoudly()
    {
        using var run = new MigrationRun(Lab, "m-skip.test");

        var result = await run.ApplyReleasingSecondaryAsync(TimeSpan.Zero, "--skip-proof");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("WARNING: --skip-proof: the SRV path was made live WITHOUT proving that remote servers can reach it.");
        result.Stdout.ShouldContain("proof       skipped");
        File.ReadAllText(run.ConfigPath).ShouldContain("serve_server_wellknown: false");
        (await run.SrvOnPrimaryAsync()).ShouldBe([$"10 0 {Lab.FedPort} matrix.m-skip.test."]);
    }

    [Fact]
    public async Task Apply_CertificateExpiringWithin14Days_IsAWarningInTheText_NotARefusal()
    {
        // Issue 11: "Expiry within 14 days is a warning, not a refusal" (the certificate has 5 days left).
        using var run = new MigrationRun(Lab, "m-soon.test");

        var result = await run.ApplyReleasingSecondaryAsync(TimeSpan.Zero);

        result.ExitCode.ShouldBe(0, result.ToString());
        var warning = result.Stdout.Split('\n').Single(l => l.Contains("[certificate-expires-soon]", StringComparison.Ordinal));
        warning.TrimStart().ShouldStartWith("warning ");
        warning.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"The certificate on 127.0.0.1:{Lab.FedPort} expires "));
        warning.ShouldContain("renew it soon");
        result.Stdout.ShouldContain("Migration applied: every stage done or not needed.");
        result.Stdout.ShouldNotContain("REFUSED");
        File.ReadAllText(run.ConfigPath).ShouldContain("serve_server_wellknown: false");
    }
}
