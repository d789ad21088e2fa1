using System.Net;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>One case of the lab: its server name, a config file that serves the well-known, and the apply command line.</summary>
/// <remarks>It runs the srvprov binary for the migration test classes, so it carries their trait.</remarks>
[Trait("Category", "Binary")]
internal sealed class MigrationRun : IDisposable
{
    private readonly MigrationLab _lab;

    public MigrationRun(MigrationLab lab, string serverName)
    {
        _lab = lab;
        ServerName = serverName;
        Directory = System.IO.Directory.CreateTempSubdirectory("srvprov-mig-case-").FullName;
        ConfigPath = lab.WriteHomeserverConfig(Directory, serverName);
        ConfigBytes = File.ReadAllBytes(ConfigPath);
    }

    public string ServerName { get; }

    /// <summary>The <c>--target</c>; by default the case's target on the port the lab serves it.</summary>
    public string? Target { get; init; }

    /// <summary>The <c>--rfc2136-server</c>; by default the lab's primary.</summary>
    public string? Rfc2136Server { get; init; }

    public string Directory { get; }

    public string ConfigPath { get; }

    public byte[] ConfigBytes { get; }

    public IPEndPoint Primary => _lab.Primary.EndPoint;

    public IPEndPoint Secondary => _lab.Secondary.EndPoint;

    public string[] Args(string verb, params string[] extra) =>
    [
        verb, "--server-name", ServerName, "--target", Target ?? $"matrix.{ServerName}:{_lab.TargetPort(ServerName)}",
        "--provider", "rfc2136", "--rfc2136-server", Rfc2136Server ?? _lab.PrimaryAddressText, "--rfc2136-key-file", _lab.Primary.KeyFilePath,
        "--config", ConfigPath, "--dns-server", _lab.PrimaryAddressText,
        "--connect-to", $":443:127.0.0.1:{_lab.WebPort}", "--ca-file", _lab.CaFile, "--timeout", "10s",
        .. verb == "apply" ? new[] { "--yes" } : [],

        // Receipts go to the case's temp directory, never the test's working directory.
        .. verb == "apply" && !extra.Contains("--receipt") ? new[] { "--receipt", Path.Combine(Directory, "receipt.json") } : [],
        .. extra,
    ];

    public Task<SrvprovResult> RunAsync(string verb, params string[] extra) => SrvprovProcess.RunAsync(Args(verb, extra));

    /// <summary>Runs apply while the secondary is released <paramref name="delay"/> after the primary got the SRV records.</summary>
    public async Task<SrvprovResult> ApplyReleasingSecondaryAsync(TimeSpan delay, params string[] extra)
    {
        using var stop = new CancellationTokenSource();
        var release = _lab.ReleaseSecondaryAsync(ServerName, delay, stop.Token);
        var result = await RunAsync("apply", extra);
        await stop.CancelAsync();
        try
        {
            await release;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // apply ended before the release (a refused case) or without writing SRV records
        }

        return result;
    }

    public Task<IReadOnlyList<string>> SrvOnPrimaryAsync() => MigrationLab.SrvAsync(Primary, $"_matrix-fed._tcp.{ServerName}");

    public Task<IReadOnlyList<string>> SrvOnSecondaryAsync() => MigrationLab.SrvAsync(Secondary, $"_matrix-fed._tcp.{ServerName}");

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
