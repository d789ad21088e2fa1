using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.FirstHour;

/// <summary>
/// <c>plan --detailed-exitcode</c> is what a CI drift check runs: exit 2 when changes are
/// pending or an error finding says federation is broken, and the last line says which.
/// </summary>
[Trait("Category", "Binary")]
public sealed class ExitCodeTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n"
        + "_matrix-fed._tcp 3600 IN SRV 10 0 8448 matrix.example.com.\n_matrix._tcp 3600 IN SRV 10 0 8448 matrix.example.com.\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-exitcode-").FullName;
    private readonly string _zone;

    public ExitCodeTests()
    {
        _zone = Path.Combine(_dir, "example.com.zone");
        File.WriteAllText(_zone, Zone);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task PlanDetailedExitcode_Exits2_WhenNoChangesButAnErrorFinding()
    {
        // The SRV records are in place; the certificate is for the target only (federation is broken).
        var result = await SrvprovProcess.RunAsync(
            "plan", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com",
            "--cert-file", SamplePath("certs/matrix.example.com.pem"), "--detailed-exitcode");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stdout.ShouldContain("[certificate-for-target-only]");
        var last = result.Stdout.TrimEnd().Split('\n')[^1];
        last.ShouldStartWith("No changes to make, but ");
        last.ShouldContain("error finding");
    }

    [Fact]
    public async Task PlanDetailedExitcode_Exits0_WhenNoChangesAndNoErrorFinding()
    {
        var result = await SrvprovProcess.RunAsync(
            "plan", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com", "--detailed-exitcode");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.TrimEnd().Split('\n')[^1].ShouldBe("No changes: delegation is already as planned.");
    }

    [Fact]
    public async Task PlanDetailedExitcode_Exits2_AndNamesChangesAndErrors_WhenBothExist()
    {
        File.WriteAllText(_zone, "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n");
        var result = await SrvprovProcess.RunAsync(
            "plan", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com",
            "--cert-file", SamplePath("certs/matrix.example.com.pem"), "--detailed-exitcode");

        result.ExitCode.ShouldBe(2, result.ToString());
        var last = result.Stdout.TrimEnd().Split('\n')[^1];
        last.ShouldStartWith("Plan: 2 to create, 0 to update, 0 to delete in DNS");
        last.ShouldContain("error findings need attention");
    }

    [Fact]
    public async Task Plan_WithoutDetailedExitcode_Exits0_EvenWithAnErrorFinding()
    {
        var result = await SrvprovProcess.RunAsync(
            "plan", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com",
            "--cert-file", SamplePath("certs/matrix.example.com.pem"));

        result.ExitCode.ShouldBe(0, result.ToString());
    }

    internal static string SamplePath(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SrvProvisioner.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("SrvProvisioner.sln not found above the test output."), "samples", relative);
    }
}
