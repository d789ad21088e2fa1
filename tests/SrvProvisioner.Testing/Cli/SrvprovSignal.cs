using System.Globalization;

namespace SrvProvisioner.Testing.Cli;

/// <summary>
/// Sends a signal to a running srvprov, as a user's Ctrl-C (SIGINT) or a service manager's
/// stop (SIGTERM) does. <see cref="SrvprovProcess"/> does not expose the child, so it is found
/// by a marker on its command line: a path unique to the test (its temp directory).
/// </summary>
public static class SrvprovSignal
{
    /// <summary>Sends <c>SIG<paramref name="signal"/></c> (<c>INT</c>, <c>TERM</c>) with kill(1) to the process whose command line names <paramref name="marker"/>.</summary>
    public static async Task SendAsync(string marker, string signal)
    {
        var pid = FindProcess(marker).ToString(CultureInfo.InvariantCulture);
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", pid]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} exited {kill.ExitCode}");
        }
    }

    /// <summary>The process whose command line names <paramref name="marker"/>.</summary>
    public static int FindProcess(string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (commandLine.Contains(marker, StringComparison.Ordinal) && !commandLine.StartsWith("kill", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        throw new InvalidOperationException($"no process names {marker}");
    }
}
