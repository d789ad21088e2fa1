using System.Text;
using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>
/// <c>apply --file</c> gates every domain exactly as one apply does, through the CLI against
/// the real BIND primary, Knot secondaries and nginx: a failed proof refuses that domain's DNS
/// and config, a lagging secondary refuses that domain's config, the others complete, and the
/// summary counts the two kinds of refusal apart.
/// </summary>
[Trait("Category", "Binary")]
[Collection(MigrationLabCollection.Name)]
public sealed class FleetGateTests(MigrationLabFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-fleetgate-").FullName;

    private MigrationLab Lab => fixture.Lab;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ApplyFile_GatesEachDomain_ProofAndPropagationRefusalsCountedApart()
    {
        var configs = MigrationLab.FleetCases.ToDictionary(d => d, WriteConfig);
        var before = configs.ToDictionary(c => c.Key, c => File.ReadAllBytes(c.Value));
        var fleet = WriteFleet(MigrationLab.FleetCases, configs);

        // f-good's lagging secondary catches up 1s after the primary has its SRV records;
        // f-lag's never does within --propagation-timeout.
        using var stop = new CancellationTokenSource();
        var release = Lab.ReleaseSecondaryAsync("f-good.test", TimeSpan.FromSeconds(1), stop.Token);
        var result = await SrvprovProcess.RunAsync(["apply", "--file", fleet, "--yes", "--format", "json", "--propagation-timeout", "8s", .. LabOptions]);
        await stop.CancelAsync();
        await FleetJson.IgnoreCancelledAsync(release);

        result.ExitCode.ShouldBe(2, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        var summary = json["summary"]!;
        summary["applied"]!.GetValue<int>().ShouldBe(1, result.ToString());
        summary["refusedByProof"]!.GetValue<int>().ShouldBe(1, result.ToString());
        summary["refusedByPropagation"]!.GetValue<int>().ShouldBe(1, result.ToString());
        summary["failed"]!.GetValue<int>().ShouldBe(0, result.ToString());

        var domains = json["domains"]!.AsArray().ToDictionary(d => d!["serverName"]!.GetValue<string>(), d => d!);
        FleetJson.Stages(domains["f-good.test"]).ShouldBe(["proof:done", "dns:done", "propagation:done", "config:done"]);
        FleetJson.Stages(domains["f-bad.test"]).ShouldBe(["proof:refused", "dns:refused", "propagation:not-needed", "config:refused"]);
        FleetJson.Stages(domains["f-lag.test"]).ShouldBe(["proof:done", "dns:done", "propagation:refused", "config:refused"]);
        domains["f-bad.test"]["refusedBy"]!.GetValue<string>().ShouldBe("proof");
        domains["f-bad.test"]["findings"]!.AsArray().ShouldContain(f => f!["code"]!.GetValue<string>() == "certificate-for-target-only");
        domains["f-lag.test"]["refusedBy"]!.GetValue<string>().ShouldBe("propagation");
        domains["f-lag.test"]["stages"]![2]!["detail"]!.GetValue<string>().ShouldContain(MigrationLab.SecondaryAddress.ToString());

        // f-bad: no well-known is served, so its SRV records would be live at once: nothing written.
        File.ReadAllBytes(configs["f-bad.test"]).ShouldBe(before["f-bad.test"]);
        (await MigrationLab.SrvAsync(Lab.Primary.EndPoint, "_matrix-fed._tcp.f-bad.test")).ShouldBeEmpty();

        // f-lag: DNS written (proven), the well-known stays on until every server serves it.
        File.ReadAllBytes(configs["f-lag.test"]).ShouldBe(before["f-lag.test"]);
        (await MigrationLab.SrvAsync(Lab.Primary.EndPoint, "_matrix-fed._tcp.f-lag.test")).ShouldNotBeEmpty();

        // f-good: everything done.
        File.ReadAllText(configs["f-good.test"]).ShouldContain("serve_server_wellknown: false");
        (await MigrationLab.SrvAsync(Lab.Secondary.EndPoint, "_matrix-fed._tcp.f-good.test")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task ApplyFile_Text_NamesTheRefusingStage_AndTheSummaryCountsIt()
    {
        // f-bad is refused before anything is written, so this run can repeat.
        var configs = new Dictionary<string, string> { ["f-bad.test"] = WriteConfig("f-bad.test") };
        var before = File.ReadAllBytes(configs["f-bad.test"]);
        var fleet = WriteFleet(["f-bad.test"], configs);

        var result = await SrvprovProcess.RunAsync(["apply", "--file", fleet, "--yes", .. LabOptions]);

        result.ExitCode.ShouldBe(2, result.ToString());
        var row = result.Stdout.Split('\n').Single(l => l.StartsWith("f-bad.test ", StringComparison.Ordinal));
        row.ShouldContain("refused");
        row.ShouldContain("refused by the proof:");
        row.ShouldContain("certificate-name");
        result.Stdout.ShouldContain("1 domains: 0 unchanged, 0 applied, 1 refused by the proof, 0 refused by propagation, 0 failed.");
        File.ReadAllBytes(configs["f-bad.test"]).ShouldBe(before);
        (await MigrationLab.SrvAsync(Lab.Primary.EndPoint, "_matrix-fed._tcp.f-bad.test")).ShouldBeEmpty();
    }

    private IReadOnlyList<string> LabOptions =>
    [
        "--dns-server", Lab.PrimaryAddressText, "--connect-to", $":443:127.0.0.1:{Lab.WebPort}", "--ca-file", Lab.CaFile, "--timeout", "10s",
    ];

    private string WriteConfig(string serverName)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, serverName)).FullName;
        return Lab.WriteHomeserverConfig(dir, serverName);
    }

    private string WriteFleet(IReadOnlyList<string> domains, IReadOnlyDictionary<string, string> configs)
    {
        var sb = new StringBuilder($"""
            version: 1
            providers:
              lab:
                type: rfc2136
                options:
                  rfc2136-server: "{Lab.PrimaryAddressText}"
                  rfc2136-key-file: "{Lab.Primary.KeyFilePath}"
            domains:

            """);
        foreach (var domain in domains)
        {
            sb.Append($"  - server-name: {domain}\n    targets: [\"matrix.{domain}:{Lab.FedPort}\"]\n    config: \"{configs[domain]}\"\n");
        }

        var path = Path.Combine(_dir, $"fleet-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
