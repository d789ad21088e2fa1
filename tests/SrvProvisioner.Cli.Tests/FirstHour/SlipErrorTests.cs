using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.FirstHour;

/// <summary>
/// The likeliest slips of a new user each get one line that names the real mistake and the
/// value to give instead, exit 1, and nothing written.
/// </summary>
[Trait("Category", "Binary")]
public sealed class SlipErrorTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-slips-").FullName;
    private readonly string _zone;

    public SlipErrorTests()
    {
        _zone = Path.Combine(_dir, "example.com.zone");
        File.WriteAllText(_zone, Zone);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, string[]> Slips => new()
    {
        { "--target", "https://matrix.example.com", ["not a URL", "use matrix.example.com:8448"] },
        { "--target", "https://matrix.example.com:8448/", ["not a URL", "use matrix.example.com:8448"] },
        { "--target", "https://matrix.example.com:443", ["not a URL", "use matrix.example.com:443"] },
        { "--target", "matrix.example.com:8448/_matrix", ["has a path", "matrix.example.com:8448"] },
        { "--server-name", "https://example.com", ["not a URL", "use example.com"] },
        { "--server-name", "https://example.com/", ["not a URL", "use example.com"] },
        { "--server-name", "@alice:example.com", ["is a Matrix ID", "the server name is example.com"] },
        { "--server-name", "#room:example.com", ["is a Matrix ID", "the server name is example.com"] },
    };

    [Theory]
    [MemberData(nameof(Slips))]
    public async Task Plan_NamesTheSlip_AndTheValueToGive(string option, string value, string[] expected)
    {
        string[] args = option == "--target"
            ? ["plan", "--zone-file", _zone, "--server-name", "example.com", "--target", value]
            : ["plan", "--zone-file", _zone, "--server-name", value, "--target", "matrix.example.com"];
        var result = await SrvprovProcess.RunAsync(args);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldStartWith($"error: {option}", Case.Sensitive, result.ToString());
        foreach (var text in expected)
        {
            result.Stderr.ShouldContain(text, Case.Sensitive, result.ToString());
        }

        result.Stderr.ShouldNotContain("Unrecognized");
        File.ReadAllText(_zone).ShouldBe(Zone);
    }

    [Theory]
    [InlineData("https://example.com", "use example.com")]
    [InlineData("@alice:example.com", "the server name is example.com")]
    public async Task Verify_NamesTheSlip_InTheServerName(string value, string expected)
    {
        var result = await SrvprovProcess.RunAsync("verify", "--server-name", value);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith("error: --server-name", Case.Sensitive, result.ToString());
        result.Stderr.ShouldContain(expected);
    }

    [Fact]
    public async Task Verify_NamesTheUrlSlip_InExpectTarget()
    {
        var result = await SrvprovProcess.RunAsync("verify", "--server-name", "example.com", "--expect-target", "https://matrix.example.com/");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("--expect-target takes a host name and port, not a URL: use matrix.example.com:8448");
    }

    [Fact]
    public async Task Plan_SaysConfigIsADirectory_NotAccessDenied()
    {
        var result = await SrvprovProcess.RunAsync("plan", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com", "--config", _dir);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith($"error: --config {_dir} is a directory", Case.Sensitive, result.ToString());
        result.Stderr.ShouldNotContain("denied");
    }

    [Fact]
    public async Task Plan_SaysZoneFileIsADirectory_NotThatItDoesNotExist()
    {
        var result = await SrvprovProcess.RunAsync("plan", "--zone-file", _dir, "--server-name", "example.com", "--target", "matrix.example.com");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith($"error: --zone-file {_dir} is a directory", Case.Sensitive, result.ToString());
        result.Stderr.ShouldNotContain("does not exist");
    }

    [Fact]
    public async Task Plan_SaysOutDirectoryIsMissing_BeforeAnyWork_AndWritesNothing()
    {
        var missing = Path.Combine(_dir, "no-such-dir");
        var result = await SrvprovProcess.RunAsync("plan", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com", "--out", Path.Combine(missing, "plan.json"));

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith("error: --out ", Case.Sensitive, result.ToString());
        result.Stderr.ShouldContain($"the directory {missing} does not exist");
        result.Stderr.ShouldNotContain("unexpected");
        result.Stdout.ShouldBeEmpty();
        Directory.Exists(missing).ShouldBeFalse();
        Directory.GetFileSystemEntries(_dir).ShouldBe([_zone]);
    }

    [Fact]
    public async Task Plan_SaysOutIsADirectory()
    {
        var result = await SrvprovProcess.RunAsync("plan", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com", "--out", _dir);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith($"error: --out {_dir} is a directory", Case.Sensitive, result.ToString());
    }
}
