using System.Globalization;
using System.Text;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.FirstHour;

/// <summary>A fleet file reports all its errors in one run; fleet notes name their subject, once.</summary>
[Trait("Category", "Binary")]
public sealed class FleetVocabularyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-fleetwords-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteZone(string name, string extra = "")
    {
        var path = Path.Combine(_dir, name + ".zone");
        File.WriteAllText(path, $"$ORIGIN {name}.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\n{extra}");
        return path;
    }

    private string WriteFleet(string domains)
    {
        var path = Path.Combine(_dir, "fleet.yaml");
        File.WriteAllText(path, $"""
            version: 1
            providers:
              files:
                type: zonefile
                options:
                  zone-file: "{WriteZone("example.com")}"
            domains:
            {domains}
            """);
        return path;
    }

    [Fact]
    public async Task FleetFile_ReportsEveryBrokenDomain_InOneRun()
    {
        var fleet = WriteFleet("""
              - server-name: example.com
                targets: [matrix.example.com:70000]
              - server-name: https://example.org
                targets: [matrix.example.org]
              - server-name: example.net
                targts: [matrix.example.net]
            """);

        var result = await SrvprovProcess.RunAsync("plan", "--file", fleet);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("3 errors");
        result.Stderr.ShouldContain("65535");
        result.Stderr.ShouldContain("not a URL");
        result.Stderr.ShouldContain("unknown key 'targts'");
        result.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task FleetFile_WithManyErrors_ListsTwenty_AndCountsTheRest()
    {
        var domains = new StringBuilder();
        for (var i = 0; i < 25; i++)
        {
            domains.Append(CultureInfo.InvariantCulture, $"  - server-name: d{i}.example.com\n    targets: [matrix.example.com:0]\n");
        }

        var result = await SrvprovProcess.RunAsync("plan", "--file", WriteFleet(domains.ToString()));

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("25 errors");
        result.Stderr.Split('\n').Count(l => l.Contains("port 0", StringComparison.Ordinal)).ShouldBe(20, result.Stderr);
        result.Stderr.ShouldContain("and 5 more");
    }

    [Fact]
    public async Task FleetNotes_NameTheTargetWithoutAddress_OncePerTarget()
    {
        // Both SRV names point at two hosts the zone has no address for: one note per host, naming it.
        var fleet = WriteFleet("""
              - server-name: example.com
                targets: [m1.example.com, m2.example.com]
            """);

        var result = await SrvprovProcess.RunAsync("plan", "--file", fleet);

        result.ExitCode.ShouldBe(0, result.ToString());
        var row = result.Stdout.Split('\n').Single(l => l.StartsWith("example.com", StringComparison.Ordinal));
        row.ShouldContain("srv-target-no-address (m1.example.com)");
        row.ShouldContain("srv-target-no-address (m2.example.com)");
        row.Split("(m1.example.com)").Length.ShouldBe(2, row);
    }
}
