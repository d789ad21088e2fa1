using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Cli.Tests.FirstHour;

/// <summary>
/// Offline is not a DNS failure: with no DNS answer at all (a closed resolver port, a resolver
/// that never answers), verify and <c>plan --check-live</c> say "could not check" once, skip
/// their checks and exit 1, instead of telling the user to fix a zone that may be fine.
/// </summary>
[Trait("Category", "Binary")]
public sealed class OfflineTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-offline-").FullName;

    // A resolver that receives every question and never answers (a blackhole).
    private readonly Socket _blackhole = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public OfflineTests() => _blackhole.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    private static string ClosedPort => $"127.0.0.1:{FreePort.Find()}";

    private string Blackhole => _blackhole.LocalEndPoint!.ToString()!;

    public void Dispose()
    {
        _blackhole.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Verify_ClosedResolverPort_SaysCouldNotCheckOnce_SkipsEveryCheck_Exits1()
    {
        var result = await SrvprovProcess.RunAsync("verify", "--server-name", "example.com", "--dns-server", ClosedPort, "--timeout", "10s");

        result.ExitCode.ShouldBe(1, result.ToString());
        CountOf(result.Stdout, "could not check: no network/DNS answer from this machine").ShouldBe(1, result.ToString());
        result.Stdout.ShouldNotContain("FAIL ", Case.Sensitive);
        result.Stdout.ShouldNotContain("pass  ", Case.Sensitive);
        result.Stdout.ShouldNotContain("OK:", Case.Sensitive);
        result.Stdout.ShouldNotContain("cannot resolve");
        result.Stdout.ShouldContain("skip");
    }

    [Fact]
    public async Task Verify_BlackholeResolver_Json_AllChecksSkipped_OneCouldNotCheckFinding_Exits1()
    {
        var result = await SrvprovProcess.RunAsync("verify", "--server-name", "example.com", "--dns-server", Blackhole, "--timeout", "3s", "--format", "json");

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!.AsObject();
        var checks = json["checks"]!.AsArray();
        checks.Count.ShouldBeGreaterThan(0);
        checks.Select(c => c!["status"]!.GetValue<string>()).ShouldAllBe(s => s == "skip");
        var finding = json["findings"]!.AsArray().ShouldHaveSingleItem()!;
        finding["code"]!.GetValue<string>().ShouldBe("could-not-check");
        finding["severity"]!.GetValue<string>().ShouldBe("warning");
        finding["message"]!.GetValue<string>().ShouldStartWith("could not check: no network/DNS answer from this machine");
        finding["message"]!.GetValue<string>().ShouldContain(Blackhole);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PlanCheckLive_NoDnsAnswer_SaysCouldNotCheck_NotNoWellKnown_Exits1(bool detailedExitCode)
    {
        var zone = Path.Combine(_dir, "example.com.zone");
        await File.WriteAllTextAsync(zone, Zone);
        string[] args = ["plan", "--zone-file", zone, "--server-name", "example.com", "--target", "matrix.example.com", "--check-live", "--dns-server", ClosedPort, "--timeout", "10s"];

        var result = await SrvprovProcess.RunAsync(detailedExitCode ? [.. args, "--detailed-exitcode"] : args);

        result.ExitCode.ShouldBe(1, result.ToString());
        CountOf(result.Stdout, "could not check: no network/DNS answer from this machine").ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain("[could-not-check]");
        result.Stdout.ShouldNotContain("so the SRV records decide");
        result.Stdout.ShouldNotContain("well-known-not-served");
    }

    [Fact]
    public async Task PlanCheckLive_Json_CarriesTheCouldNotCheckFinding()
    {
        var zone = Path.Combine(_dir, "example.com.zone");
        await File.WriteAllTextAsync(zone, Zone);

        var result = await SrvprovProcess.RunAsync("plan", "--zone-file", zone, "--server-name", "example.com", "--target", "matrix.example.com", "--check-live", "--dns-server", Blackhole, "--timeout", "2s", "--format", "json");

        result.ExitCode.ShouldBe(1, result.ToString());
        var codes = JsonNode.Parse(result.Stdout)!["findings"]!.AsArray().Select(f => f!["code"]!.GetValue<string>()).ToList();
        codes.ShouldContain("could-not-check");
        codes.ShouldNotContain("well-known-not-served");
    }

    [Fact]
    public async Task PlanWithoutCheckLive_StaysOffline_AndExits0_WithABlackholeResolver()
    {
        var zone = Path.Combine(_dir, "example.com.zone");
        await File.WriteAllTextAsync(zone, Zone);

        var result = await SrvprovProcess.RunAsync("plan", "--zone-file", zone, "--server-name", "example.com", "--target", "matrix.example.com", "--dns-server", Blackhole, "--timeout", "2s");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldNotContain("could not check");
    }

    [Fact]
    public async Task VerifyFile_NoDnsAnswer_MarksDomainsSkipped_SaysItOnce_Exits1()
    {
        var fleet = Path.Combine(_dir, "fleet.yaml");
        await File.WriteAllTextAsync(fleet, """
            version: 1
            providers:
              lab:
                type: rfc2136
                options:
                  rfc2136-server: "127.0.0.1"
            domains:
              - server-name: one.example
                targets: [matrix.one.example:8448]
              - server-name: two.example
                targets: [matrix.two.example:8448]
            """);

        var result = await SrvprovProcess.RunAsync("verify", "--file", fleet, "--dns-server", ClosedPort, "--timeout", "10s");
        var json = await SrvprovProcess.RunAsync("verify", "--file", fleet, "--dns-server", ClosedPort, "--timeout", "10s", "--format", "json");

        result.ExitCode.ShouldBe(1, result.ToString());
        CountOf(result.Stdout, "could not check: no network/DNS answer from this machine").ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain("0 pass, 0 fail, 2 could not be checked.");
        json.ExitCode.ShouldBe(1, json.ToString());
        var doc = JsonNode.Parse(json.Stdout)!;
        doc["domains"]!.AsArray().Select(d => d!["status"]!.GetValue<string>()).ShouldAllBe(s => s == "skip");
        doc["summary"]!["skip"]!.GetValue<int>().ShouldBe(2);
        doc["summary"]!["pass"]!.GetValue<int>().ShouldBe(0);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
