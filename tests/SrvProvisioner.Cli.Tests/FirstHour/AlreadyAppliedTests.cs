using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.FirstHour;

/// <summary>Apply twice is no change the second time, said as such, once.</summary>
[Trait("Category", "Binary")]
public sealed class AlreadyAppliedTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";
    private const string Homeserver = "server_name: example.com\nserve_server_wellknown: true\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-twice-").FullName;
    private readonly string _zone;
    private readonly string _config;

    public AlreadyAppliedTests()
    {
        _zone = Path.Combine(_dir, "example.com.zone");
        _config = Path.Combine(_dir, "homeserver.yaml");
        File.WriteAllText(_zone, Zone);
        File.WriteAllText(_config, Homeserver);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ApplyPlanFileTwice_SaysAlreadyApplied_Exit0_AndChangesNothing()
    {
        var plan = Path.Combine(_dir, "plan.json");
        (await SrvprovProcess.RunAsync("plan", "--zone-file", _zone, "--config", _config, "--server-name", "example.com", "--target", "matrix.example.com", "--out", plan)).ExitCode.ShouldBe(0);
        var first = await SrvprovProcess.RunAsync("apply", plan, "--skip-proof");
        first.ExitCode.ShouldBe(0, first.ToString());
        var zoneAfter = File.ReadAllText(_zone);
        var configAfter = File.ReadAllText(_config);

        var second = await SrvprovProcess.RunAsync("apply", plan, "--skip-proof");

        second.ExitCode.ShouldBe(0, second.ToString());
        second.Stdout.ShouldStartWith("Already applied", Case.Sensitive, second.ToString());
        second.Stdout.ShouldNotContain("changed since plan");
        File.ReadAllText(_zone).ShouldBe(zoneAfter);
        File.ReadAllText(_config).ShouldBe(configAfter);
    }

    [Fact]
    public async Task ApplyPlanFile_StillRefusesAsStale_WhenTheRecordsAreNeitherAsSeenNorAsWanted()
    {
        var plan = Path.Combine(_dir, "plan.json");
        (await SrvprovProcess.RunAsync("plan", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com", "--out", plan)).ExitCode.ShouldBe(0);
        var changed = Zone + "_matrix-fed._tcp 3600 IN SRV 10 0 8448 other.example.com.\n";
        File.WriteAllText(_zone, changed);

        var result = await SrvprovProcess.RunAsync("apply", plan, "--skip-proof");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("changed since plan");
        File.ReadAllText(_zone).ShouldBe(changed);
    }

    [Fact]
    public async Task NoOpApplyYes_SaysNoChangesOnce()
    {
        (await SrvprovProcess.RunAsync("apply", "--yes", "--skip-proof", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com")).ExitCode.ShouldBe(0);

        var again = await SrvprovProcess.RunAsync("apply", "--yes", "--skip-proof", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com");

        again.ExitCode.ShouldBe(0, again.ToString());
        again.Stdout.Split('\n').Count(l => l.StartsWith("No changes", StringComparison.Ordinal)).ShouldBe(1, again.Stdout);
    }
}
