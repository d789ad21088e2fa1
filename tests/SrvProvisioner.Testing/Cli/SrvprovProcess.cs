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
    /// <summary>
    /// The environment variable that points the CLI tests at a Native AOT build of srvprov (the
    /// executable the RID-specific tool package ships) instead of <c>dotnet srvprov.dll</c>;
    /// <c>scripts/test.sh</c> runs the suite once each way.
    /// </summary>
    public const string ExecutableVariable = "SRVPROV_TEST_EXECUTABLE";

    /// <summary>The native srvprov under test, or null for the IL build next to the tests.</summary>
    public static string? NativeExecutable { get; } = FindNative();

    private static string? FindNative()
    {
        var path = Environment.GetEnvironmentVariable(ExecutableVariable);
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        path = Path.GetFullPath(path);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{ExecutableVariable} names {path}, which does not exist; publish it with: dotnet publish src/SrvProvisioner.Cli -c Release -r linux-x64 -o artifacts/native");
    }

    public static async Task<SrvprovResult> RunAsync(
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(NativeExecutable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        if (NativeExecutable is null)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "srvprov.dll");
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException($"srvprov.dll is not next to the tests ({dll}); reference the Cli project.");
            }

            psi.ArgumentList.Add(dll);
        }

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
            throw new TimeoutException($"srvprov {string.Join(' ', args)} did not finish in time.");
        }

        return new SrvprovResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<SrvprovResult> RunAsync(params string[] args) => RunAsync(args, null);
}
