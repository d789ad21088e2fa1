using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Verify;

/// <summary><c>verify --file</c>: every domain of a fleet against real BIND and nginx, one verdict each.</summary>
[Trait("Category", "Binary")]
public sealed class FleetVerifyTests(VerifyLabFixture fixture) : IClassFixture<VerifyLabFixture>
{
    [Fact]
    public async Task VerifyFile_GivesEachDomainItsVerdict_AndExitsTwoWhenOneFails()
    {
        var lab = fixture.Lab;
        var dir = Directory.CreateTempSubdirectory("srvprov-fleetverify-").FullName;
        try
        {
            var fleet = Path.Combine(dir, "fleet.yaml");
            File.WriteAllText(fleet, $"""
                version: 1
                providers:
                  lab:
                    type: rfc2136
                    options:
                      rfc2136-server: "{lab.Bind.Address}"
                domains:
                  - server-name: ok.test
                    targets: [matrix.ok.test:8448]
                  - server-name: targetonly.test
                    targets: [matrix.targetonly.test:{lab.FedPort}]
                  - server-name: v6.test
                    targets: [matrix.v6.test:{lab.FedPort6}]
                  - server-name: wk.test
                    targets: [other.wk.test:{lab.FedPort}]
                    expect-target: somewhere.else.test:8448
                """);

            var result = await SrvprovProcess.RunAsync(["verify", "--file", fleet, "--format", "json", "--parallel", "4", .. lab.Options]);
            result.ExitCode.ShouldBe(2, result.ToString());
            var json = JsonNode.Parse(result.Stdout)!;
            var status = json["domains"]!.AsArray().ToDictionary(d => d!["serverName"]!.GetValue<string>(), d => d!["status"]!.GetValue<string>());
            status.ShouldBe(new Dictionary<string, string> { ["ok.test"] = "pass", ["targetonly.test"] = "fail", ["v6.test"] = "pass", ["wk.test"] = "fail" }, ignoreOrder: true);
            json["summary"]!["fail"]!.GetValue<int>().ShouldBe(2);

            var text = await SrvprovProcess.RunAsync(["verify", "--file", fleet, .. lab.Options]);
            text.Stdout.ShouldContain("4 domains verified: 2 pass, 2 fail.");
            text.Stdout.Split('\n').Single(l => l.StartsWith("targetonly.test", StringComparison.Ordinal)).ShouldContain("certificate-name");
            text.Stdout.Split('\n').Single(l => l.StartsWith("wk.test", StringComparison.Ordinal)).ShouldContain("expect-target");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
