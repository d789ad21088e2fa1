using System.Globalization;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Bench;

/// <summary>
/// Figure 3: start-up of <c>srvprov --version</c> and of <c>plan</c> on samples/ (the zone file
/// and both homeserver config files) against a trivial console app built in the same run.
/// srvprov is measured both ways it is distributed: the Native AOT executable of the
/// RID-specific tool package, and the framework-dependent IL build (`dotnet run`, the `any`
/// package). The trivial app likewise both ways: as `dotnet new console` builds it
/// (framework-dependent, the baseline of the target) and published Native AOT (the floor of
/// any native .NET process). Runs are interleaved after a warm-up so that drift of the
/// machine's load hits all cases alike.
/// </summary>
internal static class StartupBench
{
    public static async Task RunAsync(BenchContext context, int runs, int warmup)
    {
        Console.WriteLine($"## Start-up: median of {runs} runs after {warmup} warm-up runs, each a fresh process");
        var (trivialDll, trivialNative) = await BuildTrivialAppAsync(context);
        var samples = Path.Combine(context.WorkDir, "samples");
        CopyDirectory(Path.Combine(context.RepoRoot, "samples"), samples);

        // The README's first command without --cert-file, and with it on its own line below
        // (the certificate's chain verdict: ChainTrust, which no longer loads the whole system
        // store for a chain that no store certificate can anchor).
        string[] plan = ["plan", "--server-name", "example.com", "--target", "matrix.example.com:8448",
            "--zone-file", Path.Combine(samples, "example.com.zone"),
            "--config", Path.Combine(samples, "config", "vars.yml"), "--config", Path.Combine(samples, "config", "homeserver.yaml")];
        string[] planWithCert = [.. plan, "--cert-file", Path.Combine(samples, "certs", "matrix.example.com.pem")];

        var cases = new (string Name, string File, string[] Args, int Exit)[]
        {
            ("trivial app (dotnet app.dll)", "dotnet", [trivialDll], 0),
            ("trivial app (Native AOT)", trivialNative, [], 0),
            ("srvprov --version (native)", context.SrvprovNative, ["--version"], 0),
            ("srvprov plan (native)", context.SrvprovNative, plan, 0),
            ("srvprov plan+cert (native)", context.SrvprovNative, planWithCert, 0),
            ("srvprov --version (IL)", "dotnet", [context.SrvprovDll, "--version"], 0),
            ("srvprov plan (IL)", "dotnet", [context.SrvprovDll, .. plan], 0),
        };
        var times = cases.ToDictionary(c => c.Name, _ => new List<double>(), StringComparer.Ordinal);
        var env = new Dictionary<string, string?> { ["HOME"] = context.WorkDir };
        for (int r = 0; r < warmup + runs; r++)
        {
            foreach (var (name, file, args, exit) in cases)
            {
                var result = await ChildProcess.RunAsync(file, args, env, TimeSpan.FromMinutes(1));
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
        var nativeFloor = Stats.Median(times[cases[1].Name]);
        Console.WriteLine("| case | median ms | min ms | ÷ trivial app (dotnet app.dll) | ÷ trivial app (Native AOT) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, _, _, _) in cases)
        {
            var median = Stats.Median(times[name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {median:0.0} | {times[name].Min():0.0} | {median / baseline:0.00} | {median / nativeFloor:0.00} |"));
        }

        Console.WriteLine("# target: srvprov as shipped (native) <= 1.5 x the trivial console app as `dotnet new console` builds it");
    }

    /// <summary>
    /// What 'dotnet new console' gives, printing one line, built outside the repository so that
    /// none of its build settings apply: framework-dependent (dotnet app.dll) and Native AOT.
    /// </summary>
    private static async Task<(string Dll, string Native)> BuildTrivialAppAsync(BenchContext context)
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
        Console.WriteLine($"# publishing the trivial console app to {dir}/out and, Native AOT, to {dir}/native");
        await ChildProcess.RunCheckedAsync("dotnet", ["publish", "trivial.csproj", "-c", "Release", "-o", "out", "--nologo", "-v", "q"], null, TimeSpan.FromMinutes(5), dir);
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        await ChildProcess.RunCheckedAsync("dotnet", ["publish", "trivial.csproj", "-c", "Release", "-r", rid, "-p:PublishAot=true", "-o", "native", "--nologo", "-v", "q"], null, TimeSpan.FromMinutes(10), dir);
        return (Path.Combine(dir, "out", "trivial.dll"), Path.Combine(dir, "native", "trivial"));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
