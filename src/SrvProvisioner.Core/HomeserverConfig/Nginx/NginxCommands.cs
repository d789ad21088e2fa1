using System.Diagnostics;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// nginx's own tools: <c>nginx -t -c MAIN</c> checks a configuration as the server would load
/// it; <c>nginx -c MAIN -s reload</c> signals the master process named by that configuration's
/// pid file. Each runs with a time limit; output is kept for the report.
/// </summary>
internal static class NginxCommands
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static string? Find(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new[] { "/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin" }.Concat(path)
            .Select(d => Path.Combine(d, "nginx"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The command a user runs to make the edit live.</summary>
    public static string ReloadCommand(string root) =>
        root == "/etc/nginx/nginx.conf" ? "nginx -s reload" : $"nginx -c {root} -s reload";

    public static Task<(bool Ok, string Output)> TestAsync(string nginx, string root, CancellationToken cancellationToken) =>
        RunAsync(nginx, ["-t", "-q", "-c", root], cancellationToken);

    public static Task<(bool Ok, string Output)> ReloadAsync(string nginx, string root, CancellationToken cancellationToken) =>
        RunAsync(nginx, ["-c", root, "-s", "reload"], cancellationToken);

    private static async Task<(bool Ok, string Output)> RunAsync(string nginx, string[] args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(nginx)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        try
        {
            using var process = Process.Start(psi) ?? throw new ConfigFileException($"Cannot run {nginx}.");
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = ((await stdout) + (await stderr)).Trim();
            return (process.ExitCode == 0, output);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"{nginx} {string.Join(' ', args)} did not finish within {Limit.TotalSeconds:0} s");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ConfigFileException($"Cannot run {nginx}: {ex.Message}", ex);
        }
    }
}
