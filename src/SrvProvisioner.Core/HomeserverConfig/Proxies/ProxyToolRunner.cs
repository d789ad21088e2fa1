using System.Diagnostics;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Hosting;

namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>
/// Runs a reverse proxy's own tool (checker, reload) with a time limit, its output kept for the
/// report; <see cref="ProxyApplyOptions.ToolEnvironment"/> adds environment variables (Caddy
/// reads HOME/XDG_* for its storage, Debian's apache2 needs APACHE_*).
/// </summary>
internal static class ProxyToolRunner
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>The first of <paramref name="names"/> found in the usual system directories, then PATH.</summary>
    public static string? Find(string? configured, params string[] names)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = EnvironmentReader.Process.Get("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var directories = new[] { "/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin" }.Concat(path).ToList();
        return names.SelectMany(n => directories.Select(d => Path.Combine(d, n))).FirstOrDefault(File.Exists);
    }

    public static async Task<(bool Ok, string Output)> RunAsync(string executable, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        try
        {
            using var process = Process.Start(psi) ?? throw new ConfigFileException($"Cannot run {executable}.");
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
            return (false, $"{executable} {string.Join(' ', args)} did not finish within {Limit.TotalSeconds:0} s");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ConfigFileException($"Cannot run {executable}: {ex.Message}", ex);
        }
    }
}
