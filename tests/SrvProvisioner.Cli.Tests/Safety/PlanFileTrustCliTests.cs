using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Safety;

/// <summary><c>apply PLANFILE</c> does no more than a plan can: edited plans and disagreeing options are refused.</summary>
[Trait("Category", "Binary")]
public sealed class PlanFileTrustCliTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nns1 A 192.0.2.1\nmatrix A 192.0.2.2\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-plantrust-").FullName;

    public PlanFileTrustCliTests()
    {
        File.WriteAllText(ZonePath, Zone);
    }

    private string ZonePath => Path.Combine(_dir, "db.example");

    private string PlanPath => Path.Combine(_dir, "plan.json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task SavePlanAsync()
    {
        var plan = await SrvprovProcess.RunAsync("plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", ZonePath, "--out", PlanPath);
        plan.ExitCode.ShouldBe(0, plan.ToString());
    }

    private void EditPlan(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(PlanPath))!.AsObject();
        edit(json);
        File.WriteAllText(PlanPath, json.ToJsonString());
    }

    private Task<SrvprovResult> ApplyPlan(params string[] extra) => SrvprovProcess.RunAsync(["apply", PlanPath, "--skip-proof", .. extra]);

    [Fact]
    public async Task ApplyPlanFile_RefusesAnEditedPlanThatDeletesAnUnplannedRecord()
    {
        await SavePlanAsync();
        EditPlan(p => p["changes"]!.AsArray().Add(new JsonObject
        {
            ["kind"] = "dns",
            ["action"] = "delete",
            ["name"] = "ns1.example.com.",
            ["type"] = "A",
            ["before"] = new JsonArray("192.0.2.1"),
            ["after"] = new JsonArray(),
            ["ttlBefore"] = 300,
            ["ttlAfter"] = null,
        }));

        var result = await ApplyPlan();

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("ns1.example.com. A");
        File.ReadAllText(ZonePath).ShouldBe(Zone);
    }

    [Fact]
    public async Task ApplyPlanFile_RecomputesBlockingFindings_ThatTheFileNoLongerLists()
    {
        File.WriteAllText(ZonePath, Zone + "_matrix-fed._tcp CNAME elsewhere.example.net.\n");
        var original = File.ReadAllText(ZonePath);
        await SavePlanAsync();
        EditPlan(p => p["findings"] = new JsonArray());

        var result = await ApplyPlan();

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("CNAME");
        File.ReadAllText(ZonePath).ShouldBe(original);
    }

    [Fact]
    public async Task ApplyPlanFile_RefusesAZoneFileOfAnotherOrigin_NamingBothValues()
    {
        await SavePlanAsync();
        var other = Path.Combine(_dir, "db.other");
        var otherZone = Zone.Replace("example.com.", "example.org.", StringComparison.Ordinal);
        File.WriteAllText(other, otherZone);

        var result = await ApplyPlan("--zone-file", other);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain(other);
        result.Stderr.ShouldContain(ZonePath);
        File.ReadAllText(other).ShouldBe(otherZone);
        File.ReadAllText(ZonePath).ShouldBe(Zone);
    }

    [Fact]
    public async Task ApplyPlanFile_RefusesADisagreeingServerNameAndProvider()
    {
        await SavePlanAsync();

        var serverName = await ApplyPlan("--server-name", "other.example.com");
        var provider = await ApplyPlan("--provider", "rfc2136");

        serverName.ExitCode.ShouldBe(1, serverName.ToString());
        serverName.Stderr.ShouldContain("--server-name other.example.com disagrees");
        serverName.Stderr.ShouldContain("example.com");
        provider.ExitCode.ShouldBe(1, provider.ToString());
        provider.Stderr.ShouldContain("--provider rfc2136 disagrees");
        File.ReadAllText(ZonePath).ShouldBe(Zone);
    }

    [Fact]
    public async Task ApplyPlanFile_RefusesAPlanWhoseZoneWasEdited()
    {
        await SavePlanAsync();
        EditPlan(p => p["zone"]!["name"] = "com.");

        var result = await ApplyPlan();

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("zone com.");
        File.ReadAllText(ZonePath).ShouldBe(Zone);
    }

    [Fact]
    public async Task ApplyPlanFile_AppliesAnUntouchedPlan_WithAgreeingOptions()
    {
        await SavePlanAsync();

        var result = await ApplyPlan("--zone-file", ZonePath, "--server-name", "example.com");

        result.ExitCode.ShouldBe(0, result.ToString());
        File.ReadAllText(ZonePath).ShouldContain("_matrix-fed._tcp");
    }
}
