using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.FirstHour;

/// <summary>Finding one's way in: bare srvprov shows help, typos get a "did you mean".</summary>
[Trait("Category", "Binary")]
public sealed class HelpTests
{
    [Fact]
    public async Task BareSrvprov_ShowsHelp_NotAnError()
    {
        var result = await SrvprovProcess.RunAsync([]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stderr.ShouldBeEmpty();
        result.Stdout.ShouldContain("Usage:");
        result.Stdout.ShouldContain("plan");
        result.Stdout.ShouldContain("verify");
        result.Stdout.ShouldNotContain("Required command was not provided");
    }

    [Theory]
    [InlineData(new[] { "plna" }, "Did you mean 'plan'?")]
    [InlineData(new[] { "verfiy" }, "Did you mean 'verify'?")]
    [InlineData(new[] { "plan", "--sever-name", "example.com" }, "Did you mean '--server-name'?")]
    [InlineData(new[] { "verify", "--server-name", "example.com", "--expect-taget", "m.example.com:8448" }, "Did you mean '--expect-target'?")]
    [InlineData(new[] { "plan", "--zonefile", "x" }, "Did you mean '--zone-file'?")]
    public async Task UnknownCommandOrOption_SuggestsTheNearestName(string[] args, string expected)
    {
        var result = await SrvprovProcess.RunAsync(args);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith("error: ", Case.Sensitive, result.ToString());
        result.Stderr.ShouldContain(expected, Case.Sensitive, result.ToString());
    }

    [Fact]
    public async Task UnknownOption_FarFromEveryName_GetsNoSuggestion()
    {
        var result = await SrvprovProcess.RunAsync("plan", "--qqqqqqqq");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldNotContain("Did you mean");
    }

    [Fact]
    public async Task VerifyHelp_ParallelSaysWhatItDoes_WithoutSpeakingOfProviders()
    {
        var result = await SrvprovProcess.RunAsync("verify", "--help");

        result.ExitCode.ShouldBe(0, result.ToString());
        var parallel = result.Stdout.Split('\n').First(l => l.Contains("--parallel", StringComparison.Ordinal));
        parallel.ShouldContain("verified at once");
        result.Stdout.ShouldNotContain("providers still pace");
    }
}
