using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Safety;

/// <summary>
/// Issue 17, Deliver 6: Ctrl-C (SIGINT) or SIGTERM during apply cancels it cleanly. The slow
/// step is the proof: every connection goes (--connect-to) to a loopback listener that accepts
/// and never answers, so the signal is sent while apply certainly waits there, before any write.
/// </summary>
[Trait("Category", "Binary")]
public sealed class CancelCliTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-cancel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Apply_CancelledDuringTheProof_WritesNothing_AndSaysSoInOneLine(string signal)
    {
        var zone = Path.Combine(_dir, $"{signal}.zone");
        await File.WriteAllTextAsync(zone, Zone);
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var run = SrvprovProcess.RunAsync(
            ["apply", "--yes", "--server-name", "example.com", "--target", "matrix.example.com:8448", "--zone-file", zone,
             "--dns-server", "127.0.0.1:9", "--connect-to", $"::127.0.0.1:{port}", "--timeout", "90s"],
            workingDirectory: _dir,
            timeout: TimeSpan.FromMinutes(3));

        // The proof has connected: apply is now in its slow step.
        using var held = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await SrvprovSignal.SendAsync(zone, signal);

        var watch = Stopwatch.StartNew();
        var result = await run;

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "it stopped at the signal, not at the 90 s timeout");
        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("cancelled");
        result.Stderr.ShouldNotContain("unexpected", Case.Insensitive);
        (await File.ReadAllTextAsync(zone)).ShouldBe(Zone);
        Directory.EnumerateFiles(_dir).Where(f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.Contains("srvprov-backup", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
