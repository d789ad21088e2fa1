using System.Text;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Files;

namespace SrvProvisioner.Cli.Tests.Safety;

/// <summary>Hostile inputs end in one clear error line, fast: deep nesting, FIFOs, ambiguous values, duplicate paths.</summary>
[Trait("Category", "Binary")]
public sealed class InputBoundsCliTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-bounds-").FullName;

    public InputBoundsCliTests()
    {
        File.WriteAllText(ZonePath, Zone);
    }

    private string ZonePath => Path.Combine(_dir, "z.zone");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<SrvprovResult> PlanWithConfig(params string[] extra) =>
        SrvprovProcess.RunAsync(["plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", ZonePath, .. extra], timeout: TimeSpan.FromSeconds(60));

    private static void ShouldBeOneErrorLine(SrvprovResult result, string expected)
    {
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain(expected);
        result.Stderr.ShouldNotContain("unexpected", Case.Insensitive);
        result.Stderr.Trim().Split('\n').Length.ShouldBeLessThanOrEqualTo(2, result.Stderr);
    }

    [Fact]
    public async Task FleetPlan_RefusesAFleetFileNested40000Deep_WithOneLine()
    {
        var fleet = Write("fleet.yaml", "version: 1\nproviders:\n  z:\n    type: zonefile\n    options:\n      zone-file: " + ZonePath + "\ndomains: " + new string('[', 40_000) + new string(']', 40_000) + "\n");

        var result = await SrvprovProcess.RunAsync(["plan", "--file", fleet], timeout: TimeSpan.FromSeconds(60));

        ShouldBeOneErrorLine(result, "nested more than 128");
    }

    [Fact]
    public async Task Plan_RefusesAConfigYamlNested20000Deep_WithOneLine()
    {
        var yaml = new StringBuilder("serve_server_wellknown: true\nx:\n");
        for (var i = 1; i < 20_000; i++)
        {
            yaml.Append(' ', i).Append("- \n");
        }

        var config = Write("homeserver.yaml", yaml.ToString());

        var result = await PlanWithConfig("--config", config, "--config-kind", "synapse");

        ShouldBeOneErrorLine(result, "homeserver.yaml");
    }

    [Fact]
    public async Task Plan_RefusesATomlConfigNestedDeeperThanTheParserTakes_WithOneLine()
    {
        var config = Write("conduwuit.toml", "[global]\nserver_name = \"example.com\"\nx = " + new string('[', 200) + new string(']', 200) + "\n");

        var result = await PlanWithConfig("--config", config, "--config-kind", "conduwuit");

        ShouldBeOneErrorLine(result, "conduwuit.toml");
    }

    [Fact]
    public async Task Plan_RefusesAFifoAsConfigFile_WithoutBlocking()
    {
        var fifo = Path.Combine(_dir, "homeserver.yaml");
        await UnixFileFacts.MakeFifoAsync(fifo);

        var result = await PlanWithConfig("--config", fifo);

        ShouldBeOneErrorLine(result, "FIFO");
    }

    [Fact]
    public async Task Plan_RefusesTheSameConfigFileGivenTwice_ThroughALink()
    {
        var config = Write("homeserver.yaml", "serve_server_wellknown: true\n");
        var link = Path.Combine(_dir, "link.yaml");
        File.CreateSymbolicLink(link, config);

        var result = await PlanWithConfig("--config", config, "--config", link);

        ShouldBeOneErrorLine(result, "same file");
    }

    [Fact]
    public async Task FleetPlan_RefusesAServicesValueThatIsAList()
    {
        var fleet = Write("fleet.yaml", "version: 1\nproviders:\n  z:\n    type: zonefile\n    options:\n      zone-file: " + ZonePath + "\ndomains:\n  - server-name: example.com\n    targets: [matrix.example.com]\n    services: \"Both, Fed\"\n");

        var result = await SrvprovProcess.RunAsync(["plan", "--file", fleet], timeout: TimeSpan.FromSeconds(60));

        ShouldBeOneErrorLine(result, "services is both, fed or legacy");
    }

    [Fact]
    public async Task Apply_ChecksConfigFilesBeforeTheFirstDnsWrite()
    {
        var config = Write("homeserver.yaml", "serve_server_wellknown: true\n");
        File.CreateSymbolicLink(Path.Combine(_dir, ".homeserver.yaml.srvprov.lock"), Path.Combine(_dir, "elsewhere"));

        var result = await SrvprovProcess.RunAsync(["apply", "--skip-proof", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", ZonePath, "--config", config, "--yes"], timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("lock file");
        File.ReadAllText(ZonePath).ShouldBe(Zone, "DNS is not written when a config file cannot be");
        File.ReadAllText(config).ShouldBe("serve_server_wellknown: true\n");
        File.Exists(Path.Combine(_dir, "elsewhere")).ShouldBeFalse();
    }
}
