using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Config;

/// <summary>plan/apply with <c>--config</c> through the real srvprov executable.</summary>
[Trait("Category", "Binary")]
public sealed class ConfigCliTests : IDisposable
{
    private const string Vars = "---\n# my host\nmatrix_domain: example.com # base domain\nmatrix_homeserver_implementation: synapse\n";
    private const string Added = "\n# srvprov: federation is delegated by DNS SRV records; a served /.well-known/matrix/server would take precedence over them.\nmatrix_static_files_file_matrix_server_enabled: false\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-config-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Zone => Path.Combine(_dir, "z.zone");

    private string VarsPath => Path.Combine(_dir, "vars.yml");

    private string[] PlanArgs(params string[] extra) =>
        ["plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", Zone, "--config", VarsPath, .. extra];

    private void WriteFiles()
    {
        File.WriteAllText(Zone, "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n");
        File.WriteAllText(VarsPath, Vars);
    }

    [Fact]
    public async Task Plan_ShowsUnifiedDiffOfTheConfigFile()
    {
        WriteFiles();
        var result = await SrvprovProcess.RunAsync(PlanArgs());

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain($"~ {VarsPath} (playbook)");
        result.Stdout.ShouldContain("  @@ -2,3 +2,6 @@\n   # my host\n   matrix_domain: example.com # base domain\n   matrix_homeserver_implementation: synapse\n  +\n  +# srvprov:");
        result.Stdout.ShouldContain("  +matrix_static_files_file_matrix_server_enabled: false\n");
        result.Stdout.ShouldContain("1 setting(s) to change in 1 file(s)");
        File.ReadAllText(VarsPath).ShouldBe(Vars, "plan writes nothing");
    }

    [Fact]
    public async Task PlanJson_ListsConfigChange()
    {
        WriteFiles();
        var result = await SrvprovProcess.RunAsync(PlanArgs("--format", "json"));

        result.ExitCode.ShouldBe(0, result.ToString());
        var change = JsonNode.Parse(result.Stdout)!["changes"]!.AsArray().Single(c => c!["kind"]!.GetValue<string>() == "config")!;
        change.ToJsonString().ShouldBe($"{{\"kind\":\"config\",\"action\":\"create\",\"path\":{System.Text.Json.JsonSerializer.Serialize(VarsPath)},\"setting\":\"matrix_static_files_file_matrix_server_enabled\",\"before\":null,\"after\":false}}");
    }

    [Fact]
    public async Task Apply_WritesFileWithBackup_AndSecondPlanHasNothingToDo()
    {
        WriteFiles();
        var apply = await SrvprovProcess.RunAsync(["apply", .. PlanArgs()[1..], "--yes", "--skip-proof"]);
        apply.ExitCode.ShouldBe(0, apply.ToString());

        File.ReadAllText(VarsPath).ShouldBe(Vars + Added);
        var backup = Directory.GetFiles(_dir, "vars.yml.srvprov-backup-*").ShouldHaveSingleItem();
        File.ReadAllText(backup).ShouldBe(Vars);

        var again = await SrvprovProcess.RunAsync(PlanArgs("--detailed-exitcode"));
        again.ExitCode.ShouldBe(0, again.ToString());
        again.Stdout.ShouldContain($"{VarsPath} (playbook): nothing to change.");
    }

    [Fact]
    public async Task Apply_RefusesPlanFile_WhenConfigChangedAfterPlan_AndWritesNothing()
    {
        WriteFiles();
        var planFile = Path.Combine(_dir, "plan.json");
        var plan = await SrvprovProcess.RunAsync(PlanArgs("--out", planFile));
        plan.ExitCode.ShouldBe(0, plan.ToString());
        var zoneBefore = File.ReadAllText(Zone);
        File.AppendAllText(VarsPath, "# edited after the plan\n");

        var apply = await SrvprovProcess.RunAsync("apply", planFile, "--skip-proof");

        apply.ExitCode.ShouldBe(1, apply.ToString());
        apply.Stderr.ShouldContain($"{VarsPath} changed since plan; nothing was applied.");
        File.ReadAllText(Zone).ShouldBe(zoneBefore, "DNS is not touched");
        File.ReadAllText(VarsPath).ShouldBe(Vars + "# edited after the plan\n");
        Directory.GetFiles(_dir, "*.srvprov-backup-*").ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_UnknownConfigKind_IsOneLineError()
    {
        WriteFiles();
        var other = Path.Combine(_dir, "settings.yaml");
        File.WriteAllText(other, "a: 1\n");
        var result = await SrvprovProcess.RunAsync(["plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", Zone, "--config", other]);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.Trim().ShouldBe($"error: cannot tell what kind of config {other} is; use --config-kind playbook|synapse|dendrite|conduwuit|tuwunel|continuwuity|conduit|compose|env|nginx|caddy|apache|traefik");
        result.Stdout.ShouldBeEmpty();
    }
}
