using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Foundation;

/// <summary>The README's first command, on the bundled samples, tells the whole story and writes nothing.</summary>
[Trait("Category", "Binary")]
public sealed class SamplesTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SrvProvisioner.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SrvProvisioner.sln not found above the test output.");
    }

    [Fact]
    public async Task ReadmeFirstCommand_ShowsSrvCreates_ConfigDiffs_AndTheCertificateMistake()
    {
        var root = RepoRoot();
        var samples = Directory.GetFiles(Path.Combine(root, "samples"), "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        var result = await SrvprovProcess.RunAsync(
            [
                "plan", "--server-name", "example.com", "--target", "matrix.example.com:8448",
                "--zone-file", "samples/example.com.zone",
                "--config", "samples/config/vars.yml", "--config", "samples/config/homeserver.yaml", "--config", "samples/config/nginx/nginx.conf",
                "--cert-file", "samples/certs/matrix.example.com.pem", "--detailed-exitcode",
            ],
            workingDirectory: root);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stdout.ShouldContain("+ _matrix-fed._tcp.example.com. 3600 IN SRV 10 0 8448 matrix.example.com.");
        result.Stdout.ShouldContain("+ _matrix._tcp.example.com. 3600 IN SRV 10 0 8448 matrix.example.com.");
        result.Stdout.ShouldContain("+matrix_static_files_file_matrix_server_enabled: false");
        result.Stdout.ShouldContain("-serve_server_wellknown: true");
        result.Stdout.ShouldContain("+serve_server_wellknown: false");
        result.Stdout.ShouldContain("~ samples/config/nginx/sites-enabled/example.com (nginx)");
        result.Stdout.ShouldContain("+# srvprov-off:     location = /.well-known/matrix/server {");
        result.Stdout.ShouldContain("info    samples/config/nginx/sites-enabled/example.com:10: server block samples/config/nginx/sites-enabled/example.com:1 (server_name example.com, on *:443) serves /.well-known/matrix/server");
        result.Stdout.ShouldContain("[certificate-for-target-only]");
        result.Stdout.TrimEnd().Split('\n')[^1].ShouldBe("Plan: 2 to create, 0 to update, 0 to delete in DNS; 3 setting(s) to change in 3 file(s); 2 error findings need attention.");
        foreach (var (file, bytes) in samples)
        {
            File.ReadAllBytes(file).ShouldBe(bytes, file);
        }
    }
}
