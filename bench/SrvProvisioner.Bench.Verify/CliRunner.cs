using SrvProvisioner.Testing.Net;

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
/// build, or the native executable of a Native AOT publish directly; with its CPU time.
/// </summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(string dll, IEnumerable<string> args, TimeSpan timeout)
    {
        var native = !dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var cpuBefore = CpuMeter.ChildrenCpu();
        var machineBefore = CpuMeter.MachineJiffies();
        var run = native
            ? await ChildProcess.RunAsync(dll, args, null, timeout)
            : await ChildProcess.RunAsync("dotnet", [dll, .. args], null, timeout);
        var machineAfter = CpuMeter.MachineJiffies();
        var busy = (double)(machineAfter.Busy - machineBefore.Busy) / Math.Max(1, machineAfter.Total - machineBefore.Total);
        return new CliResult(run.ExitCode, run.Stdout, run.Stderr, run.Elapsed)
        {
            Cpu = CpuMeter.ChildrenCpu() - cpuBefore,
            MachineBusy = busy,
        };
    }
}
