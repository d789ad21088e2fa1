using System.Globalization;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Files;

namespace SrvProvisioner.Cli.Tests.Safety;

/// <summary>Config files are replaced through the same safe replacer as zone files.</summary>
[Trait("Category", "Binary")]
public sealed class ConfigReplaceSafetyCliTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";
    private const string Vars = "---\nmatrix_domain: example.com\nmatrix_homeserver_implementation: synapse\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-configsafety-").FullName;

    public ConfigReplaceSafetyCliTests()
    {
        File.WriteAllText(ZonePath, Zone);
        File.WriteAllText(VarsPath, Vars);
    }

    private string ZonePath => Path.Combine(_dir, "z.zone");

    private string VarsPath => Path.Combine(_dir, "vars.yml");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<SrvprovResult> Apply(params string[] configs) =>
        SrvprovProcess.RunAsync(["apply", "--skip-proof", "--server-name", "example.com", "--target", "matrix.example.com", "--zone-file", ZonePath, .. configs.SelectMany(c => new[] { "--config", c }), "--yes"]);

    [Fact]
    public async Task Apply_DoesNotWriteOrChownThroughALinkPlantedAtTheBackupName()
    {
        var victim = Path.Combine(_dir, "shadow");
        File.WriteAllText(victim, "root:secret\n");
        await UnixFileFacts.ChmodAsync(victim, "600");
        await UnixFileFacts.ChownAsync(VarsPath, "65534:65534");
        var now = DateTimeOffset.UtcNow;
        for (var s = -1; s < 30; s++)
        {
            File.CreateSymbolicLink(VarsPath + ".srvprov-backup-" + now.AddSeconds(s).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), victim);
        }

        var result = await Apply(VarsPath);

        result.ExitCode.ShouldBe(0, result.ToString());
        File.ReadAllText(victim).ShouldBe("root:secret\n");
        var facts = await UnixFileFacts.OfAsync(victim);
        (facts.Uid, facts.Gid, facts.Mode).ShouldBe((0u, 0u, "600"));
        File.ReadAllText(VarsPath).ShouldContain("matrix_static_files_file_matrix_server_enabled: false");
        var owner = await UnixFileFacts.OfAsync(VarsPath);
        (owner.Uid, owner.Gid).ShouldBe((65534u, 65534u));
    }

    [Fact]
    public async Task Apply_ThroughASymlinkedConfig_KeepsTheLink()
    {
        var real = Path.Combine(_dir, "real-vars.yml");
        File.Move(VarsPath, real);
        File.CreateSymbolicLink(VarsPath, real);

        var result = await Apply(VarsPath);

        result.ExitCode.ShouldBe(0, result.ToString());
        new FileInfo(VarsPath).LinkTarget.ShouldBe(real);
        File.ReadAllText(real).ShouldContain("matrix_static_files_file_matrix_server_enabled: false");
    }
}
