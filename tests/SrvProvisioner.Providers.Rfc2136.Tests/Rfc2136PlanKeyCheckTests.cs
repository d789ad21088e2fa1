using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Providers.Rfc2136.Tests;

/// <summary>
/// plan checks the TSIG key against the real named with a signed SOA query, so a wrong key
/// is found when the plan is reviewed, not when it is applied.
/// </summary>
[Trait("Category", "Binary")]
public sealed class Rfc2136PlanKeyCheckTests : IAsyncLifetime
{
    private BindServer _server = null!;
    private string _work = null!;

    public async Task InitializeAsync()
    {
        _server = await BindServer.StartAsync([TestZones.ExampleCom()]);
        _work = Directory.CreateTempSubdirectory("srvprov-rfc2136-plankey-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private Task<SrvprovResult> PlanAsync(string keyFile, params string[] extra) => SrvprovProcess.RunAsync(
    [
        "plan", "--server-name", "example.com", "--target", "matrix.example.com",
        "--provider", "rfc2136", "--rfc2136-server", _server.Address, "--rfc2136-key-file", keyFile, .. extra,
    ]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Plan_FailsWithBadSig_WhenSecretIsWrong(bool zoneGiven)
    {
        var wrong = new TsigKeyFile(_server.Key.Name, "hmac-sha256", TsigKeyFile.Generate().SecretBase64).WriteTo(_work, "wrong.key");

        var result = await PlanAsync(wrong, zoneGiven ? ["--rfc2136-zone", "example.com"] : []);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldStartWith("error: BADSIG", Case.Sensitive, result.ToString());
        result.Stderr.ShouldNotContain(_server.Key.SecretBase64);
    }

    [Fact]
    public async Task Plan_FailsWithBadKey_WhenServerDoesNotKnowTheKeyName()
    {
        var unknown = TsigKeyFile.Generate("nobody-knows-me").WriteTo(_work, "unknown.key");

        var result = await PlanAsync(unknown);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldStartWith("error: BADKEY", Case.Sensitive, result.ToString());
    }

    [Fact]
    public async Task Plan_Succeeds_WithTheRightKey()
    {
        var result = await PlanAsync(_server.KeyFilePath, "--detailed-exitcode");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stdout.ShouldContain("+ _matrix-fed._tcp.example.com. 3600 IN SRV 10 0 8448 matrix.example.com.");
    }
}
