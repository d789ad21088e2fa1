using System.Globalization;
using System.Text;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Safety;

/// <summary>
/// Issue 17, Deliver 2: a fleet apply and separate applies on one zone file at the same time
/// serialise on the file's lock; every run's record sets end up in the file, none is lost, and
/// no temporary file is left behind.
/// </summary>
[Trait("Category", "Binary")]
public sealed class ConcurrentRunsCliTests : IDisposable
{
    private const int FleetDomains = 10;

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-concurrent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task FleetApplyAndSingleApplies_OnOneZoneFile_LoseNoDomain()
    {
        var zone = Path.Combine(_dir, "hosting.example.zone");
        var zoneText = new StringBuilder("$ORIGIN hosting.example.\n$TTL 300\n@ IN SOA ns1 h 500 3600 600 86400 300\n  IN NS ns1\nns1 IN A 192.0.2.1\n");
        var fleet = new StringBuilder($"version: 1\nproviders:\n  files:\n    type: zonefile\n    options:\n      zone-file: {zone}\ndomains:\n");
        for (var i = 0; i < FleetDomains; i++)
        {
            fleet.Append(CultureInfo.InvariantCulture, $"  - server-name: f{i}.hosting.example\n    targets: [matrix.hosting.example]\n");
        }

        zoneText.Append("matrix IN A 192.0.2.2\n");
        await File.WriteAllTextAsync(zone, zoneText.ToString());
        var fleetPath = Path.Combine(_dir, "fleet.yaml");
        await File.WriteAllTextAsync(fleetPath, fleet.ToString());
        var dns = $"127.0.0.1:{Testing.Net.FreePort.Find()}";
        string[] singles = ["s1.hosting.example", "s2.hosting.example", "s3.hosting.example"];

        var runs = singles
            .Select(name => SrvprovProcess.RunAsync(["apply", "--yes", "--skip-proof", "--server-name", name, "--target", "matrix.hosting.example", "--zone-file", zone, "--dns-server", dns, "--timeout", "5s"], timeout: TimeSpan.FromMinutes(2)))
            .Prepend(SrvprovProcess.RunAsync(["apply", "--file", fleetPath, "--yes", "--skip-proof", "--parallel", "4", "--dns-server", dns, "--timeout", "5s"], timeout: TimeSpan.FromMinutes(2)))
            .ToList();
        var results = await Task.WhenAll(runs);

        foreach (var result in results)
        {
            result.ExitCode.ShouldBe(0, result.ToString());
        }

        var written = await File.ReadAllTextAsync(zone);
        foreach (var label in Enumerable.Range(0, FleetDomains).Select(i => $"f{i}").Concat(singles.Select(s => s.Split('.')[0])))
        {
            written.ShouldContain($"_matrix-fed._tcp.{label}\t", Case.Sensitive, written);
            written.ShouldContain($"_matrix._tcp.{label}\t", Case.Sensitive, written);
        }

        Directory.EnumerateFiles(_dir, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }
}
