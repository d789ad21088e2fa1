using System.Diagnostics;

namespace SrvProvisioner.Bench.Verify;

/// <summary>What one srvprov run printed, returned and how long it took from start to exit.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>CPU time (user + system) of the srvprov process.</summary>
    public TimeSpan Cpu { get; init; }

    /// <summary>Fraction of the machine's CPU (all cores) in use while it ran, by anything.</summary>
    public double MachineBusy { get; init; }
}

/// <summary>
/// Runs srvprov as a user does, killed after a time limit: <c>dotnet srvprov.dll ...</c> for an IL
/// build, or the native executable of a Native AOT publish directly.
/// </summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(string dll, IEnumerable<string> args, TimeSpan timeout)
    {
        var native = !dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var psi = new ProcessStartInfo(native ? dll : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (!native)
        {
            psi.ArgumentList.Add(dll);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var cpuBefore = CpuMeter.ChildrenCpu();
        var machineBefore = CpuMeter.MachineJiffies();
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
        var machineAfter = CpuMeter.MachineJiffies();
        var busy = (double)(machineAfter.Busy - machineBefore.Busy) / Math.Max(1, machineAfter.Total - machineBefore.Total);
        return new CliResult(process.ExitCode, await stdout, await stderr, elapsed)
        {
            Cpu = CpuMeter.ChildrenCpu() - cpuBefore,
            MachineBusy = busy,
        };
    }
}
