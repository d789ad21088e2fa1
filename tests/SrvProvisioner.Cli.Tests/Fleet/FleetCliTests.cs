using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Fleet;

/// <summary>Fleet runs through the CLI against one real named serving many customer zones.</summary>
[Trait("Category", "Binary")]
public sealed class FleetCliTests : IAsyncLifetime
{
    private const int Domains = 40;
    private BindServer _server = null!;
    private string _dir = null!;

    private static string Zone(int i, string extra = "") => string.Create(CultureInfo.InvariantCulture, $"""
        $ORIGIN customer{i}.example.
        $TTL 300
        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
          IN NS ns1
        ns1 IN A 127.0.0.1
        matrix IN A 192.0.2.{i % 250 + 1}
        {extra}
        """);

    public async Task InitializeAsync()
    {
        var zones = Enumerable.Range(0, Domains).Select(i => new BindZone($"customer{i}.example", Zone(i, i == 7 ? "_matrix._tcp IN CNAME elsewhere.example.net." : string.Empty)));
        _server = await BindServer.StartAsync(zones);
        _dir = Directory.CreateTempSubdirectory("srvprov-fleet-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A fleet file on the test's BIND: every customer on its own matrix host, or the given domains.</summary>
    private string WriteFleet(string name = "fleet.yaml", IReadOnlyList<(string ServerName, string Target)>? domains = null)
    {
        domains ??= [.. Enumerable.Range(0, Domains).Select(i => ($"customer{i}.example", $"matrix.customer{i}.example:8448"))];
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $$"""
            version: 1
            defaults:
              provider: bind
              ttl: 600
            providers:
              bind:
                type: rfc2136
                options:
                  rfc2136-server: "{{_server.Address}}"
                  rfc2136-key-file: { env: FLEET_TEST_KEY_FILE }
            domains:

            """);
        foreach (var (serverName, target) in domains)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  - server-name: {serverName}\n    targets: [{target}]\n");
        }

        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private Dictionary<string, string?> Env => new() { ["FLEET_TEST_KEY_FILE"] = _server.KeyFilePath };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Plan_LooksUpTargetsOutsideTheZone_ThroughTheGivenDnsServer(bool serverKnowsTheTarget)
    {
        // customer0 delegates to a host in customer1's zone: outside its own zone, so DNS is asked.
        var fleet = WriteFleet("cross.yaml", [("customer0.example", "matrix.customer1.example:8448")]);
        var dnsServer = serverKnowsTheTarget ? _server.Address : "127.0.0.1:9";

        var plan = await SrvprovProcess.RunAsync(["plan", "--file", fleet, "--dns-server", dnsServer, "--format", "json"], Env);

        plan.ExitCode.ShouldBe(0, plan.ToString());
        var codes = JsonNode.Parse(plan.Stdout)!["domains"]![0]!["findings"]!.AsArray().Select(f => f!["code"]!.GetValue<string>()).ToList();
        codes.Any(c => c.StartsWith("srv-target", StringComparison.Ordinal)).ShouldBe(!serverKnowsTheTarget, string.Join(", ", codes));
    }

    [Fact]
    public async Task PlanApplyPlan_ConvergesEveryDomain_AndIsolatesTheOneThatCannotBeApplied()
    {
        var fleet = WriteFleet();
        var plan = await SrvprovProcess.RunAsync(["plan", "--file", fleet, "--format", "json"], Env);
        plan.ExitCode.ShouldBe(0, plan.ToString());
        var planned = JsonNode.Parse(plan.Stdout)!;
        planned["summary"]!["pending"]!.GetValue<int>().ShouldBe(Domains);

        // The targets are TEST-NET addresses nobody serves: this test is about isolation, so the
        // proof every domain's apply runs (as one apply's) is skipped, loudly.
        var apply = await SrvprovProcess.RunAsync(["apply", "--file", fleet, "--yes", "--parallel", "8", "--skip-proof", "--dns-server", _server.Address, "--timeout", "5s"], Env);
        apply.ExitCode.ShouldBe(2, apply.ToString());
        apply.Stdout.ShouldContain($"{Domains} domains: 0 unchanged, {Domains - 1} applied, 0 refused by the proof, 0 refused by propagation, 1 failed.");
        apply.Stdout.Split('\n').Single(l => l.StartsWith("customer7.example ", StringComparison.Ordinal)).ShouldContain("CNAME");
        apply.Stderr.ShouldBeEmpty();

        var again = await SrvprovProcess.RunAsync(["plan", "--file", fleet, "--format", "json"], Env);
        var summary = JsonNode.Parse(again.Stdout)!["summary"]!;
        summary["unchanged"]!.GetValue<int>().ShouldBe(Domains - 1);
        summary["pending"]!.GetValue<int>().ShouldBe(1);
    }

    [Theory]
    [InlineData("version: 1\nproviders:\n  a:\n    type: nope\ndomains: []\n", "fleet.yaml:4:11", "unknown provider type 'nope'")]
    [InlineData("version: 1\nproviders:\n  a:\n    type: rfc2136\n    options:\n      rfc2136-sever: x\ndomains:\n  - server-name: a.example\n    targets: [m.a.example]\n", "fleet.yaml:6:7", "rfc2136-server")]
    [InlineData("version: 1\nproviders:\n  a:\n    type: rfc2136\ndomains:\n  - server-name: a.example\n    targts: [m.a.example]\n", "fleet.yaml:7:5", "unknown key 'targts'")]
    [InlineData("version: 1\nproviders:\n  a:\n    type: rfc2136\ndomains:\n  - server-name: a.example\n    targets: [m.a.example:70000]\n", "fleet.yaml:7:15", "65535")]
    [InlineData("version: 1\nproviders:\n  a:\n    type: rfc2136\ndomains:\n  - server-name: a.example\n    targets: m.a.example\n  - server-name: A.example\n    targets: m.a.example\n", "fleet.yaml:8:5", "listed twice")]
    [InlineData("providers: [\n", "fleet.yaml:", "")]
    public async Task FleetFileErrors_NameTheLine(string text, string location, string message)
    {
        var path = Path.Combine(_dir, "fleet.yaml");
        File.WriteAllText(path, text);
        var result = await SrvprovProcess.RunAsync(["plan", "--file", path]);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain(location);
        result.Stderr.ShouldContain(message);
        result.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task FleetFile_RefusesOneDomainOptionsBesideIt()
    {
        var result = await SrvprovProcess.RunAsync(["plan", "--file", WriteFleet(), "--server-name", "example.com"], Env);
        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("--server-name cannot be combined with --file");
    }
}
