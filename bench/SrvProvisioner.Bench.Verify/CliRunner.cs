using System.Diagnostics;

namespace SrvProvisioner.Bench.Verify;

/// <summary>What one srvprov run printed, returned and how long it took from start to exit.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

/// <summary>Runs the built <c>srvprov.dll</c> as a user does (<c>dotnet srvprov.dll ...</c>), killed after a time limit.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(string dll, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"srvprov {string.Join(' ', args)} did not finish within {timeout}");
        }

        var elapsed = clock.Elapsed;
        return new CliResult(process.ExitCode, await stdout, await stderr, elapsed);
    }
}
