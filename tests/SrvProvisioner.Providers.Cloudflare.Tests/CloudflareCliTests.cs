using System.Text.Json;
using SrvProvisioner.Testing.Cloudflare;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Providers.Cloudflare.Tests;

/// <summary>srvprov as a user runs it: CLOUDFLARE_API_TOKEN and --cloudflare-endpoint pointing at the emulator.</summary>
[Trait("Category", "Binary")]
public sealed class CloudflareCliTests : IAsyncLifetime
{
    private CloudflareScope _scope = null!;

    private CloudflareEmulator Emulator => _scope.Emulator;

    public async Task InitializeAsync() => _scope = await CloudflareScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    private Task<SrvprovResult> Run(string[] args, Dictionary<string, string?>? env = null) =>
        SrvprovProcess.RunAsync(args, env ?? _scope.CliEnvironment(), workingDirectory: _scope.Home);

    [Fact]
    public async Task PlanApplyPlan_CreatesBothSetsInOneBatch_ThenHasNothingToDo()
    {
        var zone = _scope.AddExampleZone();

        var plan = await Run(["plan", .. _scope.Delegation(), "--format", "json", "--detailed-exitcode"]);
        plan.ExitCode.ShouldBe(2, plan.ToString());
        using (var json = JsonDocument.Parse(plan.Stdout))
        {
            var changes = json.RootElement.GetProperty("changes").EnumerateArray().ToList();
            changes.Select(c => c.GetProperty("action").GetString()).ShouldBe(["create", "create"]);
            changes.Select(c => c.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ShouldBe(["_matrix-fed._tcp.example.com.", "_matrix._tcp.example.com."]);
            changes[0].GetProperty("after")[0].GetString().ShouldBe("10 0 8448 matrix.example.com.");
        }

        Emulator.BatchLog().ShouldBeEmpty();
        var apply = await Run(["apply", "--skip-proof", .. _scope.Delegation(), "--yes"]);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.BatchLog().ShouldBe(["example.com: 0 deletes, 0 patches, 0 puts, 2 posts"]);
        Emulator.Records(zone, "_matrix-fed._tcp.example.com", "SRV").Select(r => r.Content).ShouldBe(["10 0 8448 matrix.example.com"]);
        Emulator.Records(zone, "_matrix._tcp.example.com", "SRV").Select(r => (r.Content, r.Ttl)).ShouldBe([("10 0 8448 matrix.example.com", 3600L)]);

        var again = await Run(["plan", .. _scope.Delegation(), "--detailed-exitcode"]);
        again.ExitCode.ShouldBe(0, again.ToString());
        var applyAgain = await Run(["apply", "--skip-proof", .. _scope.Delegation(), "--yes"]);
        applyAgain.ExitCode.ShouldBe(0, applyAgain.ToString());
        Emulator.BatchLog().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Apply_ReplacesOldRecords_ByDeletingTheIdsItSawAndPostingTheNewOnes_InOneBatch()
    {
        var zone = _scope.AddExampleZone();
        var oldFed = Emulator.AddRecord(zone, "SRV", "_matrix-fed._tcp.example.com", "10 0 8448 old.example.com", 300);
        var oldLegacy = Emulator.AddRecord(zone, "SRV", "_matrix._tcp.example.com", "10 0 8448 old.example.com", 300);
        var unrelated = Emulator.AddRecord(zone, "SRV", "_xmpp._tcp.example.com", "10 0 5269 old.example.com", 300);

        var apply = await Run(["apply", "--skip-proof", .. _scope.Delegation(), "--yes"]);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        Emulator.BatchLog().ShouldBe(["example.com: 2 deletes, 0 patches, 0 puts, 2 posts"]);
        var fed = Emulator.Records(zone, "_matrix-fed._tcp.example.com", "SRV").ShouldHaveSingleItem();
        fed.Content.ShouldBe("10 0 8448 matrix.example.com");
        fed.Id.ShouldNotBe(oldFed.Id);
        Emulator.Records(zone, "_matrix._tcp.example.com", "SRV").ShouldHaveSingleItem().Id.ShouldNotBe(oldLegacy.Id);
        Emulator.Records(zone, "_xmpp._tcp.example.com").ShouldBe([unrelated]);
    }

    [Fact]
    public async Task ApplyPlanFile_RefusesAStalePlan_WhenARecordWasDeletedAndCreatedAgainWithTheSameData()
    {
        var zone = _scope.AddExampleZone();
        var old = Emulator.AddRecord(zone, "SRV", "_matrix-fed._tcp.example.com", "10 0 8448 old.example.com", 300);
        Emulator.AddRecord(zone, "SRV", "_matrix._tcp.example.com", "10 0 8448 old.example.com", 300);
        var planFile = Path.Combine(_scope.Home, "plan.json");
        var plan = await Run(["plan", .. _scope.Delegation(), "--out", planFile]);
        plan.ExitCode.ShouldBe(0, plan.ToString());
        (await File.ReadAllTextAsync(planFile)).ShouldContain(old.Id);

        // Same name, type, data and TTL: only the record's id tells it apart.
        Emulator.DeleteRecord(zone, old.Id).ShouldBeTrue();
        var recreated = Emulator.AddRecord(zone, "SRV", "_matrix-fed._tcp.example.com", "10 0 8448 old.example.com", 300);
        var apply = await Run(["apply", planFile, "--skip-proof"]);

        apply.ExitCode.ShouldBe(1, apply.ToString());
        apply.Stderr.ShouldContain("changed since plan; nothing was applied");
        Emulator.BatchLog().ShouldBeEmpty();
        Emulator.Records(zone, "_matrix-fed._tcp.example.com", "SRV").ShouldBe([recreated]);
    }

    [Fact]
    public async Task Apply_RefusesAProxiedSrvTarget_WithTheReason_AndWritesNothing()
    {
        _scope.AddExampleZone(proxiedTarget: true);

        var plan = await Run(["plan", .. _scope.Delegation(), "--format", "json"]);
        plan.ExitCode.ShouldBe(0, plan.ToString());
        using (var json = JsonDocument.Parse(plan.Stdout))
        {
            var finding = json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "cloudflare-proxied-target");
            finding.GetProperty("severity").GetString().ShouldBe("error");
            finding.GetProperty("message").GetString()!.ShouldContain("8448");
        }

        var apply = await Run(["apply", "--skip-proof", .. _scope.Delegation(), "--yes"]);

        apply.ExitCode.ShouldBe(1, apply.ToString());
        apply.Stderr.ShouldContain("proxied by Cloudflare");
        apply.Stderr.ShouldContain("DNS only");
        Emulator.BatchLog().ShouldBeEmpty();
    }

    [Fact]
    public async Task Apply_WritesDespiteAProxiedTarget_WhenAllowed_AndKeepsTheError()
    {
        _scope.AddExampleZone(proxiedTarget: true);

        var apply = await Run(["apply", "--skip-proof", .. _scope.Delegation(), "--allow-proxied-target", "--yes"]);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        (apply.Stdout + apply.Stderr).ShouldContain("--allow-proxied-target");
        Emulator.BatchLog().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Plan_FailsWithOneLine_WhenTheTokenIsWrong_AndNeverPrintsIt()
    {
        _scope.AddExampleZone();
        const string wrong = "wrong-token-value-0000000000000000000000";

        var plan = await Run(["plan", .. _scope.Delegation()], _scope.CliEnvironment(wrong));

        plan.ExitCode.ShouldBe(1, plan.ToString());
        plan.Stderr.ShouldContain("Invalid API Token");
        plan.Stderr.ShouldContain("CLOUDFLARE_API_TOKEN");
        plan.Stderr.Trim().Split('\n').Length.ShouldBeLessThanOrEqualTo(2);
        (plan.Stdout + plan.Stderr).ShouldNotContain(wrong);
    }

    [Fact]
    public async Task Apply_NamesTheMissingPermission_WhenTheTokenMayOnlyReadDns()
    {
        var zone = _scope.AddExampleZone();
        const string readOnly = "read-only-token-000000000000000000000000";
        Emulator.AddToken(readOnly, new CloudflareTokenGrant(ZoneRead: true, DnsRead: true, DnsEdit: false));

        var apply = await Run(["apply", "--skip-proof", .. _scope.Delegation(), "--yes"], _scope.CliEnvironment(readOnly));

        apply.ExitCode.ShouldBe(1, apply.ToString());
        apply.Stderr.ShouldContain("Zone → DNS → Edit");
        apply.Stderr.ShouldNotContain(readOnly);
        Emulator.Records(zone, type: "SRV").ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_SaysTheTokenNeedsZoneRead_WhenItSeesNoZone()
    {
        _scope.AddExampleZone();
        const string noZoneRead = "no-zone-read-token-000000000000000000000";
        Emulator.AddToken(noZoneRead, new CloudflareTokenGrant(ZoneRead: false, DnsRead: true, DnsEdit: true));

        var plan = await Run(["plan", .. _scope.Delegation()], _scope.CliEnvironment(noZoneRead));

        plan.ExitCode.ShouldBe(1, plan.ToString());
        plan.Stderr.ShouldContain("Zone → Zone → Read");
    }
}
