using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>The README's apply demo on the bundled samples: refused at the proof (target-only certificate), completed with a good one.</summary>
[Trait("Category", "Binary")]
[Collection(MigrationLabCollection.Name)]
public sealed class SamplesMigrationTests(MigrationLabFixture fixture) : IDisposable
{
    private readonly string _dir = CopySamples();

    private static string[] ApplyArgs(params string[] extra) =>
    [
        "apply", "--yes", "--server-name", "example.com", "--target", "matrix.example.com:8448",
        "--zone-file", "example.com.zone", "--config", "config/homeserver.yaml", "--config", "config/vars.yml", .. extra,
    ];

    [Fact]
    public async Task ApplyOnSamples_RefusesToSwitchTheWellKnownOff_NamingTheCertificate()
    {
        var before = Snapshot();

        var result = await SrvprovProcess.RunAsync(ApplyArgs("--cert-file", "certs/matrix.example.com.pem"), workingDirectory: _dir);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stdout.ShouldContain("The certificate on matrix.example.com.pem is for the SRV target matrix.example.com but not for example.com");
        result.Stdout.ShouldContain("config      REFUSED     not written: the well-known stays on because the proof failed");
        Snapshot().ShouldBe(before);
    }

    [Fact]
    public async Task ApplyOnSamples_Completes_WithAGoodCertificate_AndConnectToARunningEndpoint()
    {
        var lab = fixture.Lab;
        var good = lab.WriteCertificate("example.com", ["example.com", "matrix.example.com"]);

        var result = await SrvprovProcess.RunAsync(
            ApplyArgs(
                "--cert-file", good, "--ca-file", lab.CaFile, "--dns-server", lab.PrimaryAddressText,
                "--connect-to", $"matrix.example.com:8448:127.0.0.1:{lab.FedPort}", "--connect-to", $":443:127.0.0.1:{lab.WebPort}"),
            workingDirectory: _dir);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("proof       done");
        result.Stdout.ShouldContain("propagation skipped     not checked: the zone's name servers do not answer");
        File.ReadAllText(Path.Combine(_dir, "example.com.zone")).ShouldContain("_matrix-fed._tcp");
        File.ReadAllText(Path.Combine(_dir, "config/homeserver.yaml")).ShouldContain("serve_server_wellknown: false");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static string CopySamples()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SrvProvisioner.sln")))
        {
            root = root.Parent;
        }

        var samples = Path.Combine(root?.FullName ?? throw new InvalidOperationException("SrvProvisioner.sln not found above the test output."), "samples");
        var dir = Directory.CreateTempSubdirectory("srvprov-samples-").FullName;
        foreach (var file in Directory.GetFiles(samples, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(dir, Path.GetRelativePath(samples, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return dir;
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(_dir, f), File.ReadAllText);
}
