using SrvProvisioner.Testing.Net;

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
        string[] command = [.. args];
        if (NativeExecutable is null)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "srvprov.dll");
            if (!File.Exists(dll))
            {
                throw new FileNotFoundException($"srvprov.dll is not next to the tests ({dll}); reference the Cli project.");
            }

            command = [dll, .. command];
        }

        var result = await ChildProcess.RunAsync(NativeExecutable ?? "dotnet", command, environment, timeout ?? TimeSpan.FromMinutes(2), workingDirectory ?? AppContext.BaseDirectory, cancellationToken);
        return new SrvprovResult(result.ExitCode, result.Stdout, result.Stderr);
    }

    public static Task<SrvprovResult> RunAsync(params string[] args) => RunAsync(args, null);
}
