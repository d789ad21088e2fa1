using System.Diagnostics;

namespace SrvProvisioner.Testing.Net;

/// <summary>What one child process printed, returned and how long it ran (start to exit).</summary>
public sealed record ChildResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

/// <summary>
/// Runs a program to completion with no terminal (stdin closed, output captured, NO_COLOR),
/// killing it after a time limit so that every test and benchmark stops itself. Environment
/// entries with a null value are removed from the child's environment.
/// </summary>
public static class ChildProcess
{
    public static async Task<ChildResult> RunAsync(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
        {
            if (v is null)
            {
                psi.Environment.Remove(k);
            }
            else
            {
                psi.Environment[k] = v;
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{fileName} {string.Join(' ', psi.ArgumentList)} did not finish within {timeout}.");
        }

        clock.Stop();
        return new ChildResult(process.ExitCode, await stdout, await stderr, clock.Elapsed);
    }

    /// <summary>Runs and fails loudly on a non-zero exit code.</summary>
    public static async Task<ChildResult> RunCheckedAsync(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, string? workingDirectory = null)
    {
        var result = await RunAsync(fileName, args, environment, timeout, workingDirectory);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        }

        return result;
    }
}
