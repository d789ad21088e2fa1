using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.FirstHour;

/// <summary>One fact, one code: plan and verify name the same certificate mistake alike, and a file check says what it proved.</summary>
[Trait("Category", "Binary")]
public sealed class SharedVocabularyTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-words-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task CertificateForTheTargetOnly_HasTheSameCode_InPlanAndVerifyCertFile()
    {
        var zone = Path.Combine(_dir, "example.com.zone");
        File.WriteAllText(zone, Zone);
        var pem = ExitCodeTests.SamplePath("certs/matrix.example.com.pem");

        var plan = await SrvprovProcess.RunAsync("plan", "--zone-file", zone, "--server-name", "example.com", "--target", "matrix.example.com", "--cert-file", pem);
        var verify = await SrvprovProcess.RunAsync("verify", "--server-name", "example.com", "--cert-file", pem);

        plan.Stdout.ShouldContain("[certificate-for-target-only]", Case.Sensitive, plan.ToString());
        verify.Stdout.ShouldContain("certificate-for-target-only:", Case.Sensitive, verify.ToString());
        verify.Stdout.ShouldNotContain("certificate-name-mismatch");
        verify.ExitCode.ShouldBe(2, verify.ToString());
    }

    [Fact]
    public async Task VerifyCertFile_Verdict_SaysOnlyTheFileWasChecked()
    {
        var pem = ExitCodeTests.SamplePath("certs/matrix.example.com.pem");

        var verify = await SrvprovProcess.RunAsync("verify", "--server-name", "matrix.example.com", "--cert-file", pem);

        var last = verify.Stdout.TrimEnd().Split('\n')[^1];
        last.ShouldNotContain("can reach");
        last.ShouldContain("matrix.example.com.pem");
        last.ShouldContain("matrix.example.com");
    }
}
