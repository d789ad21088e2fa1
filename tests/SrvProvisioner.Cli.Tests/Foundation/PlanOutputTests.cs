using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Foundation;

[Trait("Category", "Binary")]
public sealed class PlanOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ZoneWith(string extra)
    {
        var path = Path.Combine(_dir, "z.zone");
        File.WriteAllText(path, "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n" + extra);
        return path;
    }

    [Fact]
    public async Task PlanJson_IsOneDocumentOnStdout_WithTheContractFields()
    {
        var zone = ZoneWith("_matrix._tcp 300 IN SRV 0 0 443 old.example.com.\n");
        var result = await SrvprovProcess.RunAsync(["plan", "--format", "json", "--zone-file", zone, "--server-name", "example.com", "--target", "matrix.example.com"]);
        result.ExitCode.ShouldBe(0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!.AsObject();
        json["serverName"]!.GetValue<string>().ShouldBe("example.com");
        var changes = json["changes"]!.AsArray().Select(c => (c!["action"]!.GetValue<string>(), c["name"]!.GetValue<string>())).ToList();
        changes.ShouldBe([("create", "_matrix-fed._tcp.example.com."), ("update", "_matrix._tcp.example.com.")]);
        json["changes"]![1]!["before"]![0]!.GetValue<string>().ShouldBe("0 0 443 old.example.com.");
        json["findings"]!.AsArray().ShouldNotBeNull();
    }

    [Fact]
    public async Task PlanJson_WritesAnApostropheAsItself_AndLeavesOutNullMembers()
    {
        // Issue 18: the default encoder wrote ' as \u0027 and findings carried "blocksApply": null.
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "it's here")).FullName;
        var zone = Path.Combine(dir, "z.zone");
        File.WriteAllText(zone, "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\n");
        var result = await SrvprovProcess.RunAsync(["plan", "--format", "json", "--zone-file", zone, "--server-name", "example.com", "--target", "nowhere.example.com"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("it's here");
        result.Stdout.ShouldNotContain("\\u0027");
        result.Stdout.ShouldNotContain("null");
        var json = JsonNode.Parse(result.Stdout)!.AsObject();
        json["provider"]!["settings"]!["--zone-file"]!.GetValue<string>().ShouldBe(zone);
        var finding = json["findings"]!.AsArray().Single(f => f!["code"]!.GetValue<string>() == "srv-target-no-address")!.AsObject();
        finding.ContainsKey("blocksApply").ShouldBeFalse();
        var create = json["changes"]![0]!.AsObject();
        create["action"]!.GetValue<string>().ShouldBe("create");
        create.ContainsKey("ttlBefore").ShouldBeFalse();
    }

    [Fact]
    public async Task PlanText_ReadsLikeADiff_AndEndsWithASummary()
    {
        var zone = ZoneWith("_matrix._tcp 300 IN SRV 0 0 443 old.example.com.\n");
        var result = await SrvprovProcess.RunAsync(["plan", "--zone-file", zone, "--server-name", "example.com", "--target", "matrix.example.com"]);
        var lines = result.Stdout.TrimEnd().Split('\n');
        lines.ShouldContain("+ _matrix-fed._tcp.example.com. 3600 IN SRV 10 0 8448 matrix.example.com.");
        lines.ShouldContain("~ _matrix._tcp.example.com. SRV");
        lines.ShouldContain("    - 300 IN SRV 0 0 443 old.example.com.");
        lines[^1].ShouldBe("Plan: 1 to create, 1 to update, 0 to delete in DNS.");
        result.Stdout.ShouldNotContain("\u001b[");
    }

    [Fact]
    public async Task DetailedExitCode_IsTwoWithChanges_AndZeroWithout_WhileFindingsDoNotCount()
    {
        var zone = ZoneWith("_matrix-fed._tcp 3600 IN SRV 10 0 8448 nowhere.example.com.\n_matrix._tcp 3600 IN SRV 10 0 8448 nowhere.example.com.\n");
        var args = new[] { "plan", "--detailed-exitcode", "--zone-file", zone, "--server-name", "example.com", "--target", "nowhere.example.com" };
        var result = await SrvprovProcess.RunAsync(args);
        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("srv-target-no-address");

        var changed = await SrvprovProcess.RunAsync([.. args[..^1], "matrix.example.com"]);
        changed.ExitCode.ShouldBe(2, changed.ToString());
    }

    [Fact]
    public async Task Providers_ListsEveryProviderWithItsOptions()
    {
        var result = await SrvprovProcess.RunAsync(["providers", "--format", "json"]);
        result.ExitCode.ShouldBe(0);
        var names = JsonNode.Parse(result.Stdout)!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        names.ShouldContain("zonefile");
        names.ShouldContain("rfc2136");
        result.Stdout.ShouldContain("--rfc2136-key-file");
    }
}
