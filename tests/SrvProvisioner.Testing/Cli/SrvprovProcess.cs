using System.Diagnostics;
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
/// arguments, environment, no terminal on stdin/stdout. A test class that runs it carries
/// <c>[Trait("Category", "Binary")]</c>: the native pass of <c>scripts/test.sh</c> runs only
/// those classes, so <see cref="RunAsync(IEnumerable{string}, IReadOnlyDictionary{string, string?}?, string?, TimeSpan?, CancellationToken)"/>
/// refuses to run for a test class without it (it would silently never meet the native build).
/// </summary>
public static class SrvprovProcess
{
    /// <summary>The xunit trait that marks the test classes the native pass runs.</summary>
    public const string BinaryTraitName = "Category";

    /// <summary>The value of <see cref="BinaryTraitName"/> on test classes that run the binary.</summary>
    public const string BinaryTraitValue = "Binary";

    /// <summary>
    /// The environment variable that points the CLI tests at a Native AOT build of srvprov (the
    /// executable the RID-specific tool package ships) instead of <c>dotnet srvprov.dll</c>;
    /// <c>scripts/test.sh</c> runs the suite once each way.
    /// </summary>
    public const string ExecutableVariable = "SRVPROV_TEST_EXECUTABLE";

    /// <summary>Where srvprov keeps state such as apply's receipts (XDG Base Directory spec).</summary>
    public const string StateHomeVariable = "XDG_STATE_HOME";

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
        RequireBinaryTrait(new StackTrace());
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

        // apply keeps receipts under $XDG_STATE_HOME: a test's go to a temp directory of its own.
        var env = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>(), StringComparer.Ordinal);
        var state = env.ContainsKey(StateHomeVariable) ? null : Directory.CreateTempSubdirectory("srvprov-state-").FullName;
        if (state is not null)
        {
            env[StateHomeVariable] = state;
        }

        try
        {
            var result = await ChildProcess.RunAsync(NativeExecutable ?? "dotnet", command, env, timeout ?? TimeSpan.FromMinutes(2), workingDirectory ?? AppContext.BaseDirectory, cancellationToken);
            return new SrvprovResult(result.ExitCode, result.Stdout, result.Stderr);
        }
        finally
        {
            if (state is not null)
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }

    public static Task<SrvprovResult> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>
    /// Finds the test class on the calling stack (the first type from a <c>*.Tests</c> assembly,
    /// lambdas and async state machines resolved to the class that declares them) and throws when
    /// it lacks <c>[Trait("Category", "Binary")]</c>.
    /// </summary>
    private static void RequireBinaryTrait(StackTrace stack)
    {
        foreach (var frame in stack.GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            if (type?.Assembly.GetName().Name?.EndsWith(".Tests", StringComparison.Ordinal) != true)
            {
                continue;
            }

            while (type.DeclaringType is not null)
            {
                type = type.DeclaringType;
            }

            var marked = type.GetCustomAttributesData().Any(a =>
                a.AttributeType.FullName == "Xunit.TraitAttribute"
                && a.ConstructorArguments.Count == 2
                && Equals(a.ConstructorArguments[0].Value, BinaryTraitName)
                && Equals(a.ConstructorArguments[1].Value, BinaryTraitValue));
            if (!marked)
            {
                throw new InvalidOperationException($"{type.FullName} runs the srvprov binary but lacks [Trait(\"{BinaryTraitName}\", \"{BinaryTraitValue}\")]: add it, or scripts/test.sh's native pass never runs this class against the Native AOT build.");
            }

            return;
        }
    }
}
