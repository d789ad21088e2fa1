using System.Globalization;
using System.Text;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Cloudflare;

namespace SrvProvisioner.Providers.Cloudflare.Tests;

/// <summary>srvprov against the emulator at scale and under its limits: fleets, the rate limit, token files, TTL 1.</summary>
[Trait("Category", "Binary")]
public sealed class CloudflareFleetAndLimitsCliTests : IAsyncLifetime
{
    private CloudflareScope _scope = null!;

    private CloudflareEmulator Emulator => _scope.Emulator;

    public async Task InitializeAsync() => _scope = await CloudflareScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    private Task<SrvprovResult> Run(string[] args, Dictionary<string, string?>? env = null) =>
        SrvprovProcess.RunAsync(args, env ?? _scope.CliEnvironment(), workingDirectory: _scope.Home, timeout: TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Apply_Converges_WhenTheRateLimitAnswers429WithRetryAfter()
    {
        var zone = _scope.AddExampleZone();

        // Cloudflare's limit, shrunk: 3 requests per 2 seconds; apply needs about seven.
        Emulator.RateLimit = 3;
        Emulator.RateWindow = TimeSpan.FromSeconds(2);

        var apply = await Run(["apply", "--skip-proof", .. _scope.Delegation(), "--yes"]);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.RateLimited.ShouldBeGreaterThan(0);
        Emulator.BatchLog().Count.ShouldBe(1);
        Emulator.Records(zone, type: "SRV").Count.ShouldBe(2);
    }

    [Fact]
    public async Task Apply_Converges_UnderAStormOfThrottledRequests()
    {
        var zone = _scope.AddExampleZone();
        var storm = new CloudflareFaultRule(CloudflareFaultKind.Throttle) { EveryNth = 2, RetryAfterSeconds = 1 };
        Emulator.AddFault(storm);

        var apply = await Run(["apply", "--skip-proof", .. _scope.Delegation(), "--yes"]);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        storm.Fired.ShouldBeGreaterThanOrEqualTo(3);
        Emulator.BatchLog().Count.ShouldBe(1);
        Emulator.Records(zone, type: "SRV").Count.ShouldBe(2);
    }

    [Fact]
    public async Task FleetApply_WritesAThousandDomainsOfOneZone_InTheFewestBatchesTheLimitAllows_ThenHasNothingToDo()
    {
        var zone = _scope.AddExampleZone();
        Emulator.RateLimit = 1_000_000;
        var yaml = new StringBuilder()
            .AppendLine("version: 1")
            .AppendLine("defaults: { provider: cf }")
            .AppendLine("providers:")
            .AppendLine(CultureInfo.InvariantCulture, $"  cf: {{ type: cloudflare, options: {{ cloudflare-endpoint: \"{_scope.Endpoint}\", cloudflare-zone-id: {zone.Id}, cloudflare-rate-limit: 1000000 }} }}")
            .AppendLine("domains:");
        for (int i = 0; i < 1000; i++)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - {{ server-name: d{i:D4}.example.com, targets: [\"matrix.example.com:8448\"] }}");
        }

        var fleet = Path.Combine(_scope.Home, "fleet.yaml");
        await File.WriteAllTextAsync(fleet, yaml.ToString());

        // The proof gate (issue 11) needs a reachable target; this test is about batching.
        var apply = await Run(["apply", "--file", fleet, "--yes", "--parallel", "16", "--skip-proof"]);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.Records(zone, type: "SRV").Count.ShouldBe(2000);

        // 2,000 posts at 200 a batch (the free plan's limit): ten batches, each full.
        Emulator.BatchLog().ShouldBe(Enumerable.Repeat("example.com: 0 deletes, 0 patches, 0 puts, 200 posts", 10));
        Emulator.ResetCounts();
        var again = await Run(["plan", "--file", fleet, "--detailed-exitcode"]);
        again.ExitCode.ShouldBe(0, again.ToString());
        Emulator.Count("POST batch").ShouldBe(0);

        // Per domain one records query at each SRV name; the zone and the shared target once per run.
        Emulator.Count("GET dns_records").ShouldBe(2001);
        Emulator.Count("GET zone").ShouldBe(1);
    }

    [Fact]
    public async Task PlanFile_RecordsTheTokenFilesPath_NeverTheToken_AndApplyReadsTheFileAgain()
    {
        var zone = _scope.AddExampleZone();
        var tokenFile = Path.Combine(_scope.Home, "cloudflare.token");
        await File.WriteAllTextAsync(tokenFile, _scope.Token + "\n");
        var env = new Dictionary<string, string?> { ["HOME"] = _scope.Home, ["CLOUDFLARE_API_TOKEN"] = null };
        var planFile = Path.Combine(_scope.Home, "plan.json");

        var plan = await Run(["plan", .. _scope.Delegation(), "--cloudflare-token-file", tokenFile, "--out", planFile], env);

        plan.ExitCode.ShouldBe(0, plan.ToString());
        var saved = await File.ReadAllTextAsync(planFile);
        saved.ShouldNotContain(_scope.Token);
        saved.ShouldContain(tokenFile);
        (plan.Stdout + plan.Stderr).ShouldNotContain(_scope.Token);
        var apply = await Run(["apply", planFile, "--skip-proof"], env);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.Records(zone, type: "SRV").Count.ShouldBe(2);
    }

    [Fact]
    public async Task Plan_ShowsTtl1_AsCloudflaresAutomaticTtl()
    {
        var zone = _scope.AddExampleZone();

        var plan = await Run(["plan", .. _scope.Delegation(), "--ttl", "1"]);

        plan.ExitCode.ShouldBe(0, plan.ToString());
        plan.Stdout.ShouldContain("+ _matrix-fed._tcp.example.com. auto IN SRV 10 0 8448 matrix.example.com.");
        plan.Stdout.ShouldContain("[cloudflare-automatic-ttl]");
        var apply = await Run(["apply", "--skip-proof", .. _scope.Delegation(), "--ttl", "1", "--yes"]);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.Records(zone, type: "SRV").Select(r => r.Ttl).ShouldBe([1L, 1L]);
    }
}
