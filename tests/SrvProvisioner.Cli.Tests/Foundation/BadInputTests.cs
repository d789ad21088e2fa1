using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Foundation;

/// <summary>
/// Every kind of bad input gets one clear line on stderr, exit 1, nothing on stdout, and
/// leaves the zone file byte for byte as it was.
/// </summary>
[Trait("Category", "Binary")]
public sealed class BadInputTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-badinput-").FullName;
    private readonly string _zone;

    public BadInputTests()
    {
        _zone = Path.Combine(_dir, "example.com.zone");
        File.WriteAllText(_zone, Zone);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[], string> Cases => new()
    {
        { ["--server-name", "exa_mple.com", "--target", "matrix.example.com"], "letters, digits and hyphens" },
        { ["--server-name", "example.com:8448", "--target", "matrix.example.com"], "port" },
        { ["--server-name", "192.0.2.1", "--target", "matrix.example.com"], "IP address" },
        { ["--server-name", "example.com", "--target", "matrix.example.com:70000"], "65535" },
        { ["--server-name", "example.com", "--target", "matrix.example.com:0"], "port 0" },
        { ["--server-name", "example.com", "--target", "matrix.example.com", "--priority", "65536"], "65535" },
        { ["--server-name", "example.com", "--target", "matrix.example.com", "--weight", "-1"], "weight" },
        { ["--server-name", "example.com", "--target", "192.0.2.80"], "IP address" },
        { ["--server-name", "example.com", "--target", "matrix.example.com", "--ttl", "soon"], "--ttl" },
        { ["--server-name", "example.com"], "--target" },
        { ["--target", "matrix.example.com"], "--server-name" },
        { ["--server-name", "example.org", "--target", "matrix.example.org"], "does not enclose" },
        { ["--server-name", "example.com", "--target", "matrix.example.com", "--provider", "carrier-pigeon"], "Unknown provider" },
        { ["--server-name", "example.com", "--target", "matrix.example.com", "--rfc2136-server", "127.0.0.1"], "belongs to provider 'rfc2136'" },
        { ["--server-name", "example.com", "--target", "matrix.example.com", "--services", "some"], "some" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Plan_And_Apply_FailWithOneClearLine_AndWriteNothing(string[] args, string expected)
    {
        foreach (var verb in new[] { "plan", "apply" })
        {
            var result = await SrvprovProcess.RunAsync([verb, "--zone-file", _zone, .. args, .. verb == "apply" ? new[] { "--yes" } : []]);
            result.ExitCode.ShouldBe(1, result.ToString());
            result.Stdout.ShouldBeEmpty(result.ToString());
            result.Stderr.ShouldStartWith("error: ", Case.Sensitive, result.ToString());
            result.Stderr.ShouldContain(expected, Case.Insensitive, result.ToString());
            result.Stderr.Trim().Split('\n').Length.ShouldBeLessThanOrEqualTo(2, result.Stderr);
            result.Stderr.ShouldNotContain("   at ");
            File.ReadAllText(_zone).ShouldBe(Zone);
            Directory.GetFiles(_dir).ShouldBe([_zone]);
        }
    }

    [Fact]
    public async Task Apply_RefusesWithoutYes_WhenNotOnATerminal_AndWritesNothing()
    {
        var result = await SrvprovProcess.RunAsync(["apply", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com"]);
        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("--yes");
        File.ReadAllText(_zone).ShouldBe(Zone);
    }

    [Fact]
    public async Task ApplyPlanFile_FailsClearly_WhenPlanFileIsNotAPlan()
    {
        var bogus = Path.Combine(_dir, "plan.json");
        File.WriteAllText(bogus, "{ \"hello\": 1 }");
        var result = await SrvprovProcess.RunAsync(["apply", bogus]);
        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("plan file");
        File.ReadAllText(_zone).ShouldBe(Zone);
    }

    [Fact]
    public async Task Apply_RefusesPlanWithCnameAtSrvName_AndWritesNothing()
    {
        var zone = Zone + "_matrix._tcp CNAME elsewhere.example.net.\n";
        File.WriteAllText(_zone, zone);
        var result = await SrvprovProcess.RunAsync(["apply", "--yes", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com"]);
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("CNAME");
        File.ReadAllText(_zone).ShouldBe(zone);
    }
}
