using System.Globalization;
using System.Text;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Fleet;

/// <summary>
/// Domains that share a zone are applied in one provider call: with a zone file that shows
/// as one rewrite, so the SOA serial goes up by exactly one for the whole batch.
/// </summary>
[Trait("Category", "Binary")]
public sealed class FleetBatchingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-fleetbatch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Apply_WritesDomainsSharingAZoneInOneBatch()
    {
        const int domains = 30;
        var zone = Path.Combine(_dir, "hosting.example.zone");
        var zoneText = new StringBuilder("$ORIGIN hosting.example.\n$TTL 300\n@ IN SOA ns1 h 500 3600 600 86400 300\n  IN NS ns1\nns1 IN A 192.0.2.1\n");
        var fleet = new StringBuilder($"version: 1\nproviders:\n  files:\n    type: zonefile\n    options:\n      zone-file: {zone}\ndomains:\n");
        for (int i = 0; i < domains; i++)
        {
            zoneText.Append(CultureInfo.InvariantCulture, $"matrix.c{i} IN A 192.0.2.{i + 2}\n");
            fleet.Append(CultureInfo.InvariantCulture, $"  - server-name: c{i}.hosting.example\n    targets: [matrix.c{i}.hosting.example]\n");
        }

        File.WriteAllText(zone, zoneText.ToString());
        var fleetPath = Path.Combine(_dir, "fleet.yaml");
        File.WriteAllText(fleetPath, fleet.ToString());

        // Nothing serves these targets: batching is under test, so the proof is skipped, and
        // the well-known fetch asks a closed resolver port (answered at once, "could not tell").
        var apply = await SrvprovProcess.RunAsync(["apply", "--file", fleetPath, "--yes", "--skip-proof", "--dns-server", $"127.0.0.1:{Testing.Net.FreePort.Find()}", "--timeout", "5s"]);
        apply.ExitCode.ShouldBe(0, apply.ToString());
        apply.Stdout.ShouldContain($"{domains} applied, 0 refused by the proof, 0 refused by propagation, 0 failed");

        var written = File.ReadAllText(zone);
        written.ShouldContain("@ IN SOA ns1 h 501 3600");
        written.Split('\n').Count(l => l.Contains("\tSRV\t", StringComparison.Ordinal)).ShouldBe(domains * 2);

        var again = await SrvprovProcess.RunAsync(["plan", "--file", fleetPath, "--detailed-exitcode"]);
        again.ExitCode.ShouldBe(0, again.ToString());
        again.Stdout.ShouldContain($"{domains} domains: {domains} unchanged, 0 to change, 0 failed.");
    }
}
