using System.Text.Json;
using SrvProvisioner.Testing.AzureDns;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Providers.AzureDns.Tests;

/// <summary>srvprov as a user runs it: AZURE_ACCESS_TOKEN, AZURE_SUBSCRIPTION_ID and --azure-endpoint pointing at the emulator.</summary>
[Trait("Category", "Binary")]
public sealed class AzureCliTests : IAsyncLifetime
{
    private AzureScope _scope = null!;

    private AzureDnsEmulator Emulator => _scope.Emulator;

    // Target lookups go to a loopback port where nothing answers (refused at once), so these
    // tests never depend on the machine's resolver; the plan then reads the target from the zone.
    private string[] Delegation => ["--provider", "azure", "--azure-endpoint", _scope.Endpoint, "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9"];

    public async Task InitializeAsync() => _scope = await AzureScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    private Task<SrvprovResult> Run(string[] args, Dictionary<string, string?>? env = null) =>
        SrvprovProcess.RunAsync(args, env ?? _scope.CliEnvironment(), workingDirectory: _scope.Home);

    [Fact]
    public async Task PlanApplyPlan_CreatesBothSets_ThenHasNothingToDo()
    {
        var zone = _scope.AddExampleZone();

        var plan = await Run(["plan", .. Delegation, "--format", "json", "--detailed-exitcode"]);
        plan.ExitCode.ShouldBe(2, plan.ToString());
        using (var json = JsonDocument.Parse(plan.Stdout))
        {
            var changes = json.RootElement.GetProperty("changes").EnumerateArray().ToList();
            changes.Select(c => c.GetProperty("action").GetString()).ShouldBe(["create", "create"]);
            changes.Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ShouldBe(["_matrix-fed._tcp.example.com.", "_matrix._tcp.example.com."]);
            changes[0].GetProperty("after")[0].GetString().ShouldBe("10 0 8448 matrix.example.com.");
        }

        Emulator.WriteLog().ShouldBeEmpty();
        var apply = await Run(["apply", "--skip-proof", .. Delegation, "--yes"]);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.WriteLog().ShouldBe(["PUT SRV _matrix-fed._tcp", "PUT SRV _matrix._tcp"]);
        Emulator.FindRecordSet(zone, "SRV", "_matrix-fed._tcp")!.Values.ShouldBe(["10 0 8448 matrix.example.com."]);
        Emulator.FindRecordSet(zone, "SRV", "_matrix._tcp")!.Values.ShouldBe(["10 0 8448 matrix.example.com."]);

        var again = await Run(["plan", .. Delegation, "--detailed-exitcode"]);
        again.ExitCode.ShouldBe(0, again.ToString());
        var applyAgain = await Run(["apply", "--skip-proof", .. Delegation, "--yes"]);
        applyAgain.ExitCode.ShouldBe(0, applyAgain.ToString());
        Emulator.WriteLog().Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Plan_ReadsTheTargetsSets_OnlyWhenDnsDoesNotServeTheTarget(bool dnsServesTarget)
    {
        _scope.AddExampleZone();
        await using var dns = await BindServer.StartAsync([BindZone.Served("example.com", "matrix IN A 192.0.2.10")]);
        Emulator.ResetCounts();
        string[] args = ["plan", "--provider", "azure", "--azure-endpoint", _scope.Endpoint, "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", dnsServesTarget ? dns.Address : "127.0.0.1:9"];

        var plan = await Run(args);

        plan.ExitCode.ShouldBe(0, plan.ToString());
        // SRV and CNAME at both SRV names always; the target's A, AAAA and CNAME only without DNS.
        Emulator.Count("GET", "SRV").ShouldBe(2);
        Emulator.Count("GET", "CNAME").ShouldBe(dnsServesTarget ? 2 : 3);
        (Emulator.Count("GET", "A") + Emulator.Count("GET", "AAAA")).ShouldBe(dnsServesTarget ? 0 : 2);
    }

    [Fact]
    public async Task ApplyPlanFile_RefusesAStalePlan_WhenTheSetsETagChanged_AndOverwritesNothing()
    {
        var zone = _scope.AddExampleZone();
        Emulator.PutRecordSet(zone, "SRV", "_matrix-fed._tcp", 300, "10 0 8448 old.example.com.");
        Emulator.PutRecordSet(zone, "SRV", "_matrix._tcp", 300, "10 0 8448 old.example.com.");
        var planFile = Path.Combine(_scope.Home, "plan.json");
        var plan = await Run(["plan", .. Delegation, "--out", planFile]);
        plan.ExitCode.ShouldBe(0, plan.ToString());
        (await File.ReadAllTextAsync(planFile)).ShouldContain(Emulator.FindRecordSet(zone, "SRV", "_matrix-fed._tcp")!.ETag);

        // Someone rewrites the set with the same data: only Azure's ETag shows it.
        var touched = Emulator.Touch(zone, "SRV", "_matrix-fed._tcp");
        var apply = await Run(["apply", planFile, "--skip-proof"]);

        apply.ExitCode.ShouldBe(1, apply.ToString());
        apply.Stderr.ShouldContain("changed since plan");
        apply.Stderr.ShouldContain("412");
        Emulator.WriteLog().ShouldBeEmpty();
        Emulator.FindRecordSet(zone, "SRV", "_matrix-fed._tcp")!.ETag.ShouldBe(touched);
    }

    [Fact]
    public async Task ApplyPlanFile_RefusesAStalePlan_WhenTheSetsDataChanged()
    {
        var zone = _scope.AddExampleZone();
        var planFile = Path.Combine(_scope.Home, "plan.json");
        (await Run(["plan", .. Delegation, "--out", planFile])).ExitCode.ShouldBe(0);
        Emulator.PutRecordSet(zone, "SRV", "_matrix._tcp", 300, "5 0 443 other.example.net.");

        var apply = await Run(["apply", planFile, "--skip-proof"]);

        apply.ExitCode.ShouldBe(1, apply.ToString());
        apply.Stderr.ShouldContain("changed since plan");
        Emulator.WriteLog().ShouldBeEmpty();
        Emulator.FindRecordSet(zone, "SRV", "_matrix._tcp")!.Values.ShouldBe(["5 0 443 other.example.net."]);
    }

    [Fact]
    public async Task Apply_UsesTheLongestEnclosingZone_AcrossResourceGroups()
    {
        var parent = _scope.AddExampleZone("example.com", "rg-parent");
        var child = Emulator.AddZone(_scope.Subscription, "rg-child", "chat.example.com");
        string[] args = ["apply", "--skip-proof", "--provider", "azure", "--azure-endpoint", _scope.Endpoint, "--server-name", "chat.example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9", "--yes"];

        var apply = await Run(args);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.FindRecordSet(child, "SRV", "_matrix-fed._tcp").ShouldNotBeNull();
        Emulator.RecordSets(parent).ShouldAllBe(s => s.Type == "A");
    }

    [Fact]
    public async Task Apply_ConvergesThroughA429Storm()
    {
        var zone = _scope.AddExampleZone();
        var storm = new AzureFaultRule(AzureFaultKind.Throttle) { Probability = 0.4, Seed = 7, RetryAfterSeconds = 1 };
        Emulator.AddFault(storm);

        var apply = await Run(["apply", "--skip-proof", .. Delegation, "--yes"]);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        storm.Fired.ShouldBeGreaterThan(0);
        Emulator.WriteLog().ShouldBe(["PUT SRV _matrix-fed._tcp", "PUT SRV _matrix._tcp"]);
        Emulator.ClearFaults();
        (await Run(["plan", .. Delegation, "--detailed-exitcode"])).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Apply_FailingBetweenTheTwoSets_NamesWhatWasWritten_AndARerunConverges()
    {
        var zone = _scope.AddExampleZone();
        Emulator.AddFault(new AzureFaultRule(AzureFaultKind.InternalError) { Method = "PUT", RelativeName = "_matrix._tcp" });

        var failed = await Run(["apply", "--skip-proof", .. Delegation, "--azure-max-retries", "1", "--yes"]);

        failed.ExitCode.ShouldBe(1, failed.ToString());
        failed.Stderr.ShouldContain("Written: _matrix-fed._tcp.example.com. SRV (created)");
        failed.Stderr.ShouldContain("Not written: _matrix._tcp.example.com. SRV");
        failed.Stderr.ShouldContain("Run plan and apply again");
        failed.Stderr.ShouldNotContain("   at ");
        Emulator.FindRecordSet(zone, "SRV", "_matrix._tcp").ShouldBeNull();

        Emulator.ClearFaults();
        var replan = await Run(["plan", .. Delegation, "--format", "json", "--detailed-exitcode"]);
        replan.ExitCode.ShouldBe(2, replan.ToString());
        using (var json = JsonDocument.Parse(replan.Stdout))
        {
            json.RootElement.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldBe(["_matrix._tcp.example.com."]);
        }

        (await Run(["apply", "--skip-proof", .. Delegation, "--yes"])).ExitCode.ShouldBe(0);
        (await Run(["plan", .. Delegation, "--detailed-exitcode"])).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task MissingToken_SaysWhereCredentialsComeFrom_AndSendsNothing()
    {
        _scope.AddExampleZone();
        var env = _scope.CliEnvironment();
        env["AZURE_ACCESS_TOKEN"] = null;

        var r = await Run(["plan", .. Delegation], env);

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stderr.ShouldContain("No Azure credentials");
        r.Stderr.ShouldContain("AZURE_ACCESS_TOKEN");
        r.Stderr.ShouldContain("az login");
        r.Stderr.ShouldNotContain("   at ");
        Emulator.Counts().ShouldBeEmpty();
    }

    [Fact]
    public async Task WrongToken_IsOneClearLine_WithoutTheToken()
    {
        _scope.AddExampleZone();

        var r = await Run(["plan", .. Delegation], _scope.CliEnvironment(token: "wrong-token-value"));

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stderr.ShouldContain("401 InvalidAuthenticationToken");
        r.Stderr.ShouldContain("AZURE_ACCESS_TOKEN");
        r.Stderr.ShouldNotContain("wrong-token-value");
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task PlainHttpEndpoint_IsRefused()
    {
        var r = await Run(["plan", "--provider", "azure", "--azure-endpoint", "http://management.example.net", "--server-name", "example.com", "--target", "matrix.example.com:8448"]);

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stderr.ShouldContain("only sent over https");
        r.Stderr.ShouldContain("https://management.example.net");
    }

    [Fact]
    public async Task MissingSubscription_IsOneClearLine()
    {
        var env = _scope.CliEnvironment();
        env["AZURE_SUBSCRIPTION_ID"] = null;

        var r = await Run(["plan", .. Delegation], env);

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stderr.ShouldContain("--azure-subscription");
        r.Stderr.ShouldContain("AZURE_SUBSCRIPTION_ID");
    }

    [Fact]
    public async Task Providers_ListsAzure_WithItsOptions()
    {
        var r = await Run(["providers"]);

        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("azure");
        r.Stdout.ShouldContain("--azure-subscription");
        r.Stdout.ShouldContain("--azure-max-writes-per-minute");
    }
}
