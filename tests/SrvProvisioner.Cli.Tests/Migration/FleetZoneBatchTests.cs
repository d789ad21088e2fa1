using System.Text;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>
/// One RFC 2136 UPDATE names one zone (RFC 2136 §2.3): a fleet whose domains live in two zones
/// of one primary sends one UPDATE per zone, never one that names the first zone and carries
/// the other's records (BIND answers NOTZONE, and the fleet fell back to domain by domain).
/// Counted at a relay in front of the lab's BIND primary.
/// </summary>
[Trait("Category", "Binary")]
[Collection(MigrationLabCollection.Name)]
public sealed class FleetZoneBatchTests(MigrationLabFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-fleetzones-").FullName;

    private MigrationLab Lab => fixture.Lab;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ApplyFile_TwoZonesOnOneServer_SendsOneUpdatePerZone()
    {
        await using var relay = UpdateAnswerDroppingRelay.Start(Lab.Primary.EndPoint);
        relay.DropUpdateAnswers = false;
        string[] zones = ["fc-batch1.test", "fc-batch2.test"];
        var fleet = new StringBuilder($"version: 1\nproviders:\n  lab:\n    type: rfc2136\n    options:\n      rfc2136-server: \"{relay.Address}\"\n      rfc2136-key-file: \"{Lab.Primary.KeyFilePath}\"\ndomains:\n");
        foreach (var zone in zones)
        {
            fleet.Append($"  - server-name: {zone}\n    targets: [\"matrix.{zone}:{Lab.FedPort}\"]\n");
        }

        var path = Path.Combine(_dir, "fleet.yaml");
        File.WriteAllText(path, fleet.ToString());

        // DNS only (no config file), so no propagation wait; the proof is not under test.
        var result = await SrvprovProcess.RunAsync(["apply", "--file", path, "--yes", "--skip-proof", "--dns-server", Lab.PrimaryAddressText, "--timeout", "10s"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("2 domains: 0 unchanged, 2 applied");
        relay.UpdatesSeen.ShouldBe(2, result.ToString());
        foreach (var zone in zones)
        {
            (await MigrationLab.SrvAsync(Lab.Primary.EndPoint, $"_matrix-fed._tcp.{zone}")).ShouldBe([$"10 0 {Lab.FedPort} matrix.{zone}."]);
        }
    }
}
