using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Files;

namespace SrvProvisioner.Cli.Tests.Safety;

/// <summary><c>plan --out</c> never replaces an input of the run or a special file, and plan files are private.</summary>
[Trait("Category", "Binary")]
public sealed class OutputSafetyCliTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";
    private const string Vars = "matrix_domain: example.com\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-out-").FullName;

    public OutputSafetyCliTests()
    {
        File.WriteAllText(ZonePath, Zone);
        File.WriteAllText(VarsPath, Vars);
    }

    private string ZonePath => Path.Combine(_dir, "z.zone");

    private string VarsPath => Path.Combine(_dir, "vars.yml");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<SrvprovResult> PlanTo(string output) =>
        SrvprovProcess.RunAsync(["plan", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", ZonePath, "--config", VarsPath, "--out", output], timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task PlanOut_RefusesTheZoneFileAndTheConfigFile_AndLeavesThemUnchanged()
    {
        var onZone = await PlanTo(ZonePath);
        var onConfig = await PlanTo(VarsPath);

        onZone.ExitCode.ShouldBe(1, onZone.ToString());
        onZone.Stderr.ShouldContain("input of this run");
        onConfig.ExitCode.ShouldBe(1, onConfig.ToString());
        File.ReadAllText(ZonePath).ShouldBe(Zone);
        File.ReadAllText(VarsPath).ShouldBe(Vars);
    }

    [Fact]
    public async Task PlanOut_RefusesALinkToAnInput()
    {
        var link = Path.Combine(_dir, "plan.json");
        File.CreateSymbolicLink(link, ZonePath);

        var result = await PlanTo(link);

        result.ExitCode.ShouldBe(1, result.ToString());
        File.ReadAllText(ZonePath).ShouldBe(Zone);
    }

    [Fact]
    public async Task PlanOut_RefusesAFifo_AndLeavesItAFifo()
    {
        var fifo = Path.Combine(_dir, "out.fifo");
        await UnixFileFacts.MakeFifoAsync(fifo);

        var result = await PlanTo(fifo);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("FIFO");
        (await UnixFileFacts.OfAsync(fifo)).Type.ShouldBe("fifo");
    }

    [Fact]
    public async Task PlanOut_WritesThePlanFilePrivately()
    {
        var output = Path.Combine(_dir, "plan.json");

        var result = await PlanTo(output);

        result.ExitCode.ShouldBe(0, result.ToString());
        (await UnixFileFacts.OfAsync(output)).Mode.ShouldBe("600");
    }
}
