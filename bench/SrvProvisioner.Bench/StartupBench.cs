using System.Globalization;

namespace SrvProvisioner.Bench;

/// <summary>
/// Figure 3: start-up of <c>srvprov --version</c> and of a zone-file <c>plan</c> on
/// samples/example.com.zone against a trivial console app built and published in the same run
/// (Release, framework-dependent, started by <c>dotnet app.dll</c>). srvprov is measured twice:
/// as the tool package ships it today (IL, no RID) and published for this machine's RID with
/// ReadyToRun (what a RID-specific tool package would ship). Runs are interleaved after a
/// warm-up so that drift of the machine's load hits all cases alike.
/// </summary>
internal static class StartupBench
{
    public static async Task RunAsync(BenchContext context, int runs, int warmup)
    {
        Console.WriteLine($"## Start-up: median of {runs} runs after {warmup} warm-up runs, each a fresh process");
        var trivial = await BuildTrivialAppAsync(context);
        var zoneFile = Path.Combine(context.WorkDir, "example.com.zone");
        File.Copy(Path.Combine(context.RepoRoot, "samples", "example.com.zone"), zoneFile, overwrite: true);

        var r2r = await PublishReadyToRunAsync(context);
        string[] Plan(string dll) => [dll, "plan", "--server-name", "example.com", "--target", "matrix.example.com:8448", "--zone-file", zoneFile];
        var cases = new (string Name, string[] Args, int Exit)[]
        {
            ("trivial console app", [trivial], 0),
            ("srvprov --version (IL)", [context.SrvprovDll, "--version"], 0),
            ("srvprov plan (IL)", Plan(context.SrvprovDll), 0),
            ("srvprov --version (R2R)", [r2r, "--version"], 0),
            ("srvprov plan (R2R)", Plan(r2r), 0),
        };
        var times = cases.ToDictionary(c => c.Name, _ => new List<double>(), StringComparer.Ordinal);
        var env = new Dictionary<string, string?> { ["HOME"] = context.WorkDir };
        for (int r = 0; r < warmup + runs; r++)
        {
            foreach (var (name, args, exit) in cases)
            {
                var result = await ChildProcess.RunAsync("dotnet", args, env, TimeSpan.FromMinutes(1));
                if (result.ExitCode != exit)
                {
                    throw new InvalidOperationException($"{name} exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
                }

                if (r >= warmup)
                {
                    times[name].Add(result.Elapsed.TotalMilliseconds);
                }
            }
        }

        var baseline = Stats.Median(times[cases[0].Name]);
        foreach (var (name, _, _) in cases)
        {
            var median = Stats.Median(times[name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-25} median {median,7:0.0} ms  min {times[name].Min(),7:0.0} ms  ratio {median / baseline:0.00} (target <= 1.5)"));
        }
    }

    /// <summary>dotnet publish -r RID: the Cli project turns ReadyToRun on whenever a RID is given.</summary>
    private static async Task<string> PublishReadyToRunAsync(BenchContext context)
    {
        var dir = Path.Combine(context.WorkDir, "srvprov-r2r");
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        Console.WriteLine($"# publishing srvprov (Release, -r {rid}, ReadyToRun, framework-dependent) to {dir}");
        await ChildProcess.RunCheckedAsync("dotnet", ["publish", Path.Combine(context.RepoRoot, "src", "SrvProvisioner.Cli", "SrvProvisioner.Cli.csproj"), "-c", "Release", "-r", rid, "--self-contained", "false", "-o", dir, "--nologo", "-v", "q"], null, TimeSpan.FromMinutes(10));
        return Path.Combine(dir, "srvprov.dll");
    }

    /// <summary>What 'dotnet new console' gives, printing one line; built outside the repository so that none of its build settings apply.</summary>
    private static async Task<string> BuildTrivialAppAsync(BenchContext context)
    {
        var dir = Path.Combine(context.WorkDir, "trivial");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "trivial.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "Program.cs"), "Console.WriteLine(\"0.1.0\");\n");
        Console.WriteLine($"# publishing the trivial console app to {dir}/out");
        await ChildProcess.RunCheckedAsync("dotnet", ["publish", "trivial.csproj", "-c", "Release", "-o", "out", "--nologo", "-v", "q"], null, TimeSpan.FromMinutes(5), dir);
        return Path.Combine(dir, "out", "trivial.dll");
    }
}
