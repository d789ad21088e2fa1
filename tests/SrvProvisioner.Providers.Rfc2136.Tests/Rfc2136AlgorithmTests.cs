using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Providers.Rfc2136.Tests;

[Trait("Category", "Binary")]
public sealed class Rfc2136AlgorithmTests
{
    [Theory]
    [InlineData("hmac-sha256")]
    [InlineData("hmac-sha512")]
    [InlineData("hmac-sha1")]
    public async Task Apply_SignsUpdates_WithEachSupportedAlgorithm(string algorithm)
    {
        var key = TsigKeyFile.Generate("k-" + algorithm, algorithm);
        await using var server = await BindServer.StartAsync([TestZones.ExampleCom()], key);
        var result = await SrvprovProcess.RunAsync(
        [
            "apply", "--yes", "--skip-proof", "--server-name", "example.com", "--target", "matrix.example.com",
            "--provider", "rfc2136", "--rfc2136-server", server.Address, "--rfc2136-key-file", server.KeyFilePath,
        ]);
        result.ExitCode.ShouldBe(0, result.ToString());
        (await DnsQuery.SrvAsync(server, "_matrix-fed._tcp.example.com")).ShouldBe(["10 0 8448 matrix.example.com."]);
    }
}
