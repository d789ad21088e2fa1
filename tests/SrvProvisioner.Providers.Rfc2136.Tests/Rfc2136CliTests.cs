using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Providers.Rfc2136.Tests;

/// <summary>The CLI end to end against a real BIND named with TSIG, as a user runs it.</summary>
[Trait("Category", "Binary")]
public sealed class Rfc2136CliTests : IAsyncLifetime
{
    private BindServer _server = null!;
    private string _work = null!;

    public async Task InitializeAsync()
    {
        _server = await BindServer.StartAsync([TestZones.ExampleCom()]);
        _work = Directory.CreateTempSubdirectory("srvprov-rfc2136-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private string[] Args(params string[] extra) =>
    [
        .. extra,
        "--server-name", "example.com",
        "--target", "matrix.example.com:8448",
        "--provider", "rfc2136",
        "--rfc2136-server", _server.Address,
        "--rfc2136-key-file", _server.KeyFilePath,
    ];

    [Fact]
    public async Task PlanApplyPlan_CreatesBothSrvSets_ThenHasNothingToDo()
    {
        var plan = await SrvprovProcess.RunAsync(Args("plan", "--detailed-exitcode"));
        plan.ExitCode.ShouldBe(2, plan.ToString());
        plan.Stdout.ShouldContain("+ _matrix-fed._tcp.example.com. 3600 IN SRV 10 0 8448 matrix.example.com.");
        plan.Stdout.ShouldContain("+ _matrix._tcp.example.com. 3600 IN SRV 10 0 8448 matrix.example.com.");

        var apply = await SrvprovProcess.RunAsync(Args("apply", "--yes", "--skip-proof"));
        apply.ExitCode.ShouldBe(0, apply.ToString());

        (await DnsQuery.SrvAsync(_server, "_matrix-fed._tcp.example.com")).ShouldBe(["10 0 8448 matrix.example.com."]);
        (await DnsQuery.SrvAsync(_server, "_matrix._tcp.example.com")).ShouldBe(["10 0 8448 matrix.example.com."]);

        var again = await SrvprovProcess.RunAsync(Args("plan", "--detailed-exitcode"));
        again.ExitCode.ShouldBe(0, again.ToString());
        again.Stdout.ShouldContain("No changes");
    }

    [Fact]
    public async Task ApplyPlanFile_RefusesAndChangesNothing_WhenRecordChangedSincePlan()
    {
        var planFile = Path.Combine(_work, "plan.json");
        var plan = await SrvprovProcess.RunAsync(Args("plan", "--out", planFile));
        plan.ExitCode.ShouldBe(0, plan.ToString());

        await DnsQuery.AddSrvAsync(_server, "_matrix._tcp.example.com", "other.example.com");

        var apply = await SrvprovProcess.RunAsync(["apply", planFile, "--skip-proof"]);
        apply.ExitCode.ShouldBe(1, apply.ToString());
        apply.Stderr.ShouldContain("changed since plan");
        apply.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBeLessThanOrEqualTo(2);
        (await DnsQuery.SrvAsync(_server, "_matrix-fed._tcp.example.com")).ShouldBeEmpty();
        (await DnsQuery.SrvAsync(_server, "_matrix._tcp.example.com")).ShouldBe(["5 0 8448 other.example.com."]);
    }

    [Fact]
    public async Task ApplyPlanFile_Applies_WhenNothingChanged()
    {
        var planFile = Path.Combine(_work, "plan.json");
        (await SrvprovProcess.RunAsync(Args("plan", "--out", planFile))).ExitCode.ShouldBe(0);
        var apply = await SrvprovProcess.RunAsync(["apply", planFile, "--skip-proof"]);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        (await DnsQuery.SrvAsync(_server, "_matrix-fed._tcp.example.com")).ShouldBe(["10 0 8448 matrix.example.com."]);
    }

    [Fact]
    public async Task Apply_UpdatesExistingRecords_ToTheNewTarget()
    {
        await DnsQuery.AddSrvAsync(_server, "_matrix._tcp.example.com", "old.example.com", 443);
        var plan = await SrvprovProcess.RunAsync(Args("plan"));
        plan.Stdout.ShouldContain("~ _matrix._tcp.example.com. SRV");
        plan.Stdout.ShouldContain("- 300 IN SRV 5 0 443 old.example.com.");

        var apply = await SrvprovProcess.RunAsync(Args("apply", "--yes", "--skip-proof"));
        apply.ExitCode.ShouldBe(0, apply.ToString());
        (await DnsQuery.SrvAsync(_server, "_matrix._tcp.example.com")).ShouldBe(["10 0 8448 matrix.example.com."]);
    }

    [Fact]
    public async Task Apply_FailsWithBadSig_WhenSecretIsWrong()
    {
        var wrong = new TsigKeyFile(_server.Key.Name, "hmac-sha256", TsigKeyFile.Generate().SecretBase64).WriteTo(_work, "wrong.key");
        var result = await SrvprovProcess.RunAsync(
        [
            "apply", "--yes", "--skip-proof", "--server-name", "example.com", "--target", "matrix.example.com",
            "--provider", "rfc2136", "--rfc2136-server", _server.Address, "--rfc2136-key-file", wrong,
        ]);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith("error: ");
        result.Stderr.ShouldContain("BADSIG");
        result.Stderr.ShouldNotContain(_server.Key.SecretBase64);
        (await DnsQuery.SrvAsync(_server, "_matrix-fed._tcp.example.com")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Apply_FailsWithBadKey_WhenServerDoesNotKnowTheKeyName()
    {
        var unknown = TsigKeyFile.Generate("nobody-knows-me").WriteTo(_work, "unknown.key");
        var result = await SrvprovProcess.RunAsync(
        [
            "apply", "--yes", "--skip-proof", "--server-name", "example.com", "--target", "matrix.example.com",
            "--provider", "rfc2136", "--rfc2136-server", _server.Address, "--rfc2136-key-file", unknown,
        ]);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("BADKEY");
    }

    [Fact]
    public async Task Apply_UsesKeyFromEnvironment_WhenNoKeyFileIsGiven()
    {
        var env = new Dictionary<string, string?> { ["SRVPROV_RFC2136_KEY"] = $"hmac-sha256:{_server.Key.Name}:{_server.Key.SecretBase64}" };
        var result = await SrvprovProcess.RunAsync(
        [
            "apply", "--yes", "--skip-proof", "--server-name", "example.com", "--target", "matrix.example.com",
            "--provider", "rfc2136", "--rfc2136-server", _server.Address,
        ], env);
        result.ExitCode.ShouldBe(0, result.ToString());
        (await DnsQuery.SrvAsync(_server, "_matrix._tcp.example.com")).ShouldBe(["10 0 8448 matrix.example.com."]);
    }

    [Fact]
    public async Task Plan_ReportsTargetThatIsACname()
    {
        var result = await SrvprovProcess.RunAsync(
        [
            "plan", "--format", "json", "--server-name", "example.com", "--target", "alias.example.com",
            "--provider", "rfc2136", "--rfc2136-server", _server.Address, "--rfc2136-key-file", _server.KeyFilePath,
        ]);
        result.ExitCode.ShouldBe(0, result.ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!;
        var codes = json["findings"]!.AsArray().Select(f => f!["code"]!.GetValue<string>()).ToList();
        codes.ShouldContain("srv-target-is-cname");
    }

    [Fact]
    public async Task Plan_FailsWithOneLine_WhenServerIsUnreachable()
    {
        var port = SrvProvisioner.Testing.Net.FreePort.Find();
        var result = await SrvprovProcess.RunAsync(
        [
            "plan", "--server-name", "example.com", "--target", "matrix.example.com",
            "--provider", "rfc2136", "--rfc2136-server", $"127.0.0.1:{port}", "--rfc2136-timeout", "1s", "--rfc2136-key-file", _server.KeyFilePath,
        ]);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith("error: ");
        result.Stderr.ShouldContain($"127.0.0.1:{port}");
        result.Stdout.ShouldBeEmpty();
    }
}
