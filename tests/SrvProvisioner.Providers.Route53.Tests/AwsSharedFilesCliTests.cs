using System.Diagnostics;
using System.Text;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>
/// A malformed <c>~/.aws/credentials</c> or <c>~/.aws/config</c> (binary, huge, no section, an
/// unterminated section, a FIFO) is one error line naming the file and the line, exit 1, before
/// any request; the file's content (which may hold a key) is never echoed.
/// </summary>
[Trait("Category", "Binary")]
public sealed class AwsSharedFilesCliTests : IAsyncLifetime
{
    private const string Marker = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYMARKERKEY";

    private static readonly string[] Delegation = ["plan", "--provider", "route53", "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9"];

    private EmulatorScope _scope = null!;

    public async Task InitializeAsync() => _scope = await EmulatorScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    public static TheoryData<string, string, string> Malformed() => new()
    {
        { "credentials", "no section", $"aws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = {Marker}\n" },
        { "credentials", "unterminated section", $"[matrix-dns\naws_secret_access_key = {Marker}\n" },
        { "credentials", "binary", "[matrix-dns]\n" + Marker + "\u0000\u0001\u0002\u00ff\u0007garbage\n" },
        { "credentials", "line without =", $"[matrix-dns]\n{Marker}\n" },
        { "config", "no section", $"region = eu-west-1\naws_secret_access_key = {Marker}\n" },
        { "config", "binary", "[profile matrix-dns]\n" + Marker + "\u0000\u0003\n" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedSharedFile_IsOneLineNamingFileAndLine_WithoutItsContent(string which, string what, string content)
    {
        var file = Path.Combine(_scope.Home, which + "-" + what.Replace(' ', '-'));
        await File.WriteAllTextAsync(file, content, new UTF8Encoding(false));
        var env = Environment(which, file);

        string[][] runs = [[.. Delegation, "--route53-profile", "matrix-dns"], Delegation];
        foreach (var args in runs)
        {
            var r = await SrvprovProcess.RunAsync(args, env, workingDirectory: _scope.Home, timeout: TimeSpan.FromSeconds(60));

            r.ExitCode.ShouldBe(1, r.ToString());
            r.Stderr.ShouldContain(file);
            r.Stderr.ShouldContain("line ");
            r.Stderr.ShouldNotContain(Marker);
            r.Stderr.ShouldNotContain("unexpected", Case.Insensitive);
            r.Stderr.Trim().Split('\n').Length.ShouldBe(1, r.Stderr);
        }

        _scope.Emulator.Counts().ShouldBeEmpty();
    }

    [Fact]
    public async Task HugeCredentialsFile_IsRefusedBySize()
    {
        var file = Path.Combine(_scope.Home, "huge-credentials");
        await File.WriteAllTextAsync(file, "[default]\n" + string.Concat(Enumerable.Repeat("x = " + new string('y', 1000) + "\n", 2000)));

        var r = await SrvprovProcess.RunAsync([.. Delegation, "--route53-profile", "default"], Environment("credentials", file), workingDirectory: _scope.Home, timeout: TimeSpan.FromSeconds(60));

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stderr.ShouldContain("at most 1048576 bytes");
        r.Stderr.ShouldNotContain("unexpected", Case.Insensitive);
    }

    [Fact]
    public async Task FifoAsConfigFile_IsRefusedAtOnce_NeverWaitedOn()
    {
        var fifo = Path.Combine(_scope.Home, "config-fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            mkfifo.ExitCode.ShouldBe(0);
        }

        var r = await SrvprovProcess.RunAsync(Delegation, Environment("config", fifo), workingDirectory: _scope.Home, timeout: TimeSpan.FromSeconds(30));

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stderr.ShouldContain("FIFO");
    }

    private Dictionary<string, string?> Environment(string which, string file)
    {
        var env = _scope.CliEnvironment();
        env["AWS_ACCESS_KEY_ID"] = null;
        env["AWS_SECRET_ACCESS_KEY"] = null;
        env[which == "config" ? "AWS_CONFIG_FILE" : "AWS_SHARED_CREDENTIALS_FILE"] = file;
        return env;
    }
}
