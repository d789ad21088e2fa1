using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig;

public sealed class ConfigPlannerApplyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("srvprov-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("playbook-vars.yml", "vars.yml")]
    [InlineData("synapse-homeserver.yaml", "homeserver.yaml")]
    [InlineData("conduwuit-example.toml", "conduwuit.toml")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Apply_WritesPlannedBytes_KeepsBackupAndMode_AndSecondPlanIsEmpty(string fixture, string name)
    {
        var path = Path.Combine(_directory, name);
        var original = Fixture(fixture);
        original = name switch
        {
            "homeserver.yaml" => original + "serve_server_wellknown: true\n",
            "conduwuit.toml" => original.Replace("#server =\n\n# This item is undocumented", "server = \"example.com:443\"\n\n# This item is undocumented", StringComparison.Ordinal),
            _ => original,
        };
        await File.WriteAllTextAsync(path, original, CancellationToken.None);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var planner = new ConfigPlanner();

        var plan = await planner.PlanAsync(Server, [new ConfigFileRequest(path)], CancellationToken.None);
        var file = plan.Files.ShouldHaveSingleItem();
        file.Changes.ShouldNotBeEmpty();
        await planner.VerifyUnchangedAsync(plan.Files, CancellationToken.None);
        await planner.ApplyAsync(Server, plan.Files, CancellationToken.None);

        var written = await File.ReadAllBytesAsync(path, CancellationToken.None);
        written.ShouldBe(ConfigAnalyzer.Analyze(path, System.Text.Encoding.UTF8.GetBytes(original), null, Server).After);
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var backup = Directory.GetFiles(_directory, name + ".srvprov-backup-*").ShouldHaveSingleItem();
        (await File.ReadAllTextAsync(backup, CancellationToken.None)).ShouldBe(original);
        Directory.GetFiles(_directory).Where(f => !f.EndsWith(".srvprov.lock", StringComparison.Ordinal)).Count().ShouldBe(2, "no temporary file is left behind");

        var second = await planner.PlanAsync(Server, [new ConfigFileRequest(path)], CancellationToken.None);
        second.Files.ShouldHaveSingleItem().Changes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Apply_RefusesStalePlan_WhenFileChangedAfterPlan()
    {
        var path = Path.Combine(_directory, "homeserver.yaml");
        await File.WriteAllTextAsync(path, "serve_server_wellknown: true\n", CancellationToken.None);
        var planner = new ConfigPlanner();
        var plan = await planner.PlanAsync(Server, [new ConfigFileRequest(path)], CancellationToken.None);
        await File.WriteAllTextAsync(path, "# edited by hand\nserve_server_wellknown: true\n", CancellationToken.None);

        var verify = await Should.ThrowAsync<StalePlanException>(() => planner.VerifyUnchangedAsync(plan.Files, CancellationToken.None));
        verify.Message.ShouldBe($"{path} changed since plan; nothing was applied. Run plan again and review the new plan.");
        await Should.ThrowAsync<StalePlanException>(() => planner.ApplyAsync(Server, plan.Files, CancellationToken.None));

        (await File.ReadAllTextAsync(path, CancellationToken.None)).ShouldBe("# edited by hand\nserve_server_wellknown: true\n");
        Directory.GetFiles(_directory).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Plan_FailsClearly_WhenFileIsMissing()
    {
        var path = Path.Combine(_directory, "nope.yaml");
        var error = await Should.ThrowAsync<ConfigFileException>(() => new ConfigPlanner().PlanAsync(Server, [new ConfigFileRequest(path)], CancellationToken.None));
        error.Message.ShouldStartWith($"Cannot read config file {path}:");
    }

    [Fact]
    public async Task Plan_UsesForcedKind()
    {
        var path = Path.Combine(_directory, "settings.yaml");
        await File.WriteAllTextAsync(path, "global:\n  well_known_server_name: a:443\n", CancellationToken.None);
        var plan = await new ConfigPlanner().PlanAsync(Server, [new ConfigFileRequest(path, "dendrite")], CancellationToken.None);
        plan.Files.ShouldHaveSingleItem().Kind.ShouldBe("dendrite");
    }
}
