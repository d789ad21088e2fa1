using System.Globalization;
using SrvProvisioner.Bench;

// Usage: dotnet run -c Release --project bench/SrvProvisioner.Bench -- [all|fleet|reads|startup|zone]...
//        [--domains 10000] [--rate 400] [--burst 20] [--parallel 16] [--runs 21] [--srvprov DIR] [--records 40000] [--il]
var benches = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
if (benches.Count == 0 || benches.Contains("all"))
{
    benches = ["startup", "reads", "fleet"];
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string? srvprovDir = Array.IndexOf(args, "--srvprov") is var s and >= 0 && s + 1 < args.Length ? args[s + 1] : null;
var rate = Option("--rate", 400);

Console.WriteLine($"# srvprov benchmarks {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; .NET {Environment.Version}");
Console.WriteLine($"# load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
var context = await BenchContext.CreateAsync(srvprovDir, publish: benches.Contains("startup") || benches.Contains("fleet") || benches.Contains("zone"));
try
{
    if (benches.Contains("startup"))
    {
        await StartupBench.RunAsync(context, Option("--runs", 21), warmup: 3);
    }

    if (benches.Contains("reads"))
    {
        await ReadsBench.RunAsync(sets: 5000, repetitions: Option("--runs", 21));
    }

    if (benches.Contains("fleet"))
    {
        await new FleetBench(context, Option("--domains", 10_000), rate, Option("--burst", Math.Max(1, rate / 20)), Option("--parallel", 16)).RunAsync();
    }

    if (benches.Contains("zone"))
    {
        await ZoneApplyBench.RunAsync(context, Option("--records", 40_000), Option("--runs", 5), native: !args.Contains("--il"));
    }
}
finally
{
    Console.WriteLine($"# load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    context.Cleanup();
}
