using System.Diagnostics;

namespace SrvProvisioner.Testing.Cli;

/// <summary>What one run of the <c>srvprov</c> command printed and returned.</summary>
public sealed record SrvprovResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the real <c>srvprov</c> program (the Cli project's build output, copied next to the
/// test assembly by its project reference) as a child process, the way a user runs it:
/// arguments, environment, no terminal on stdin/stdout.
/// </summary>
public static class SrvprovProcess
{
    public static async Task<SrvprovResult> RunAsync(
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "srvprov.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"srvprov.dll is not next to the tests ({dll}); reference the Cli project.");
        }

        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
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
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"srvprov {string.Join(' ', psi.ArgumentList.Skip(1))} did not finish in time.");
        }

        return new SrvprovResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<SrvprovResult> RunAsync(params string[] args) => RunAsync(args, null);
}
