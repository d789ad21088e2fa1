using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SrvProvisioner.Bench.Verify;

// Usage: dotnet run -c Release --project bench/SrvProvisioner.Bench.Verify --
//        [--domains 1000] [--parallel 16,32,64] [--names-per-cert 100] [--runs 3] [--srvprov DIR (srvprov.dll or a native srvprov)] [--profile]
//        [--hold SECONDS: keep the lab up and print the verify command, for measuring by hand]
string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var count = int.Parse(Arg("--domains") ?? "1000", CultureInfo.InvariantCulture);
var parallels = (Arg("--parallel") ?? "16,32,64").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
var perCert = int.Parse(Arg("--names-per-cert") ?? "100", CultureInfo.InvariantCulture);
var runs = int.Parse(Arg("--runs") ?? "3", CultureInfo.InvariantCulture);
var srvprovDir = Arg("--srvprov") is { } dir ? Path.GetFullPath(dir) : AppContext.BaseDirectory;

// A directory with srvprov.dll runs it as `dotnet srvprov.dll`; one with only the native
// `srvprov` executable (a Native AOT publish, as the RID-specific tool package ships) runs that.
var dll = File.Exists(Path.Combine(srvprovDir, "srvprov.dll")) ? Path.Combine(srvprovDir, "srvprov.dll") : Path.Combine(srvprovDir, "srvprov");
if (!File.Exists(dll))
{
    Console.Error.WriteLine($"no srvprov.dll or srvprov executable in {srvprovDir}");
    return 1;
}

if (args.Length > 0 && args[0] == "latency")
{
    // Usage: ... latency [--rtt 50,0] [--runs 11] [--srvprov DIR] [--hold SECONDS: keep the lab up for measuring one verify by hand]
    var rtts = (Arg("--rtt") ?? "50,0").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
    var hold = TimeSpan.FromSeconds(int.Parse(Arg("--hold") ?? "0", CultureInfo.InvariantCulture));
    return await LatencyBench.RunAsync(dll, rtts, int.Parse(Arg("--runs") ?? "11", CultureInfo.InvariantCulture), hold);
}

Console.WriteLine($"# verify benchmark {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; .NET {Environment.Version}; {count} domains, {perCert} names per certificate, best of {runs} runs");
Console.WriteLine($"# srvprov: {dll}");
await using var lab = await VerifyBenchLab.StartAsync(count, perCert, CancellationToken.None);
var options = new[]
{
    "--dns-server", lab.Bind.Address,
    "--connect-to", $":443:127.0.0.1:{lab.WebPort}",
    "--ca-file", lab.CaFile,
    "--timeout", "60s",
};

if (Arg("--hold") is { } holdFleet)
{
    // Keep the lab up so that one fleet verify can be measured by hand (perf, strace).
    Console.WriteLine($"# holding the lab for {holdFleet} s: {dll} verify --file {lab.FleetFile} --parallel {parallels[0]} --format json {string.Join(' ', options)}");
    await Task.Delay(TimeSpan.FromSeconds(int.Parse(holdFleet, CultureInfo.InvariantCulture)));
    return 0;
}

if (args.Contains("--profile"))
{
    await PhaseProfile.RunAsync(lab, new SrvProvisioner.Core.Discovery.VerifySettings(TimeSpan.FromSeconds(60)) { DnsServer = lab.Bind.Address, ConnectTo = [options[3]], CaFile = lab.CaFile }, parallels[0]);
    return 0;
}

var baseline = new BaselineVerifier(lab.Bind.EndPoint, lab.Ca.Certificate);
var startup = await CliRunner.RunAsync(dll, ["--version"], TimeSpan.FromMinutes(1));
Console.WriteLine($"# srvprov --version (process start-up, included in every CLI figure): {startup.Elapsed.TotalMilliseconds:F0} ms");

// Warm-up (not timed): JIT of the baseline and of the stub's key and version endpoints, nginx and
// BIND caches, so that the timed runs measure the verifiers and not the lab's first use.
await BaselineRun(baseline, lab.Domains, 16);
var warm = await CliRunner.RunAsync(dll, ["verify", "--file", lab.FleetFile, "--parallel", "32", "--format", "json", .. options], TimeSpan.FromMinutes(10));
Console.WriteLine($"# warm-up srvprov verify --file run: exit {warm.ExitCode}, {lab.Domains.Count / warm.Elapsed.TotalSeconds:F0} domains/s (not counted)");

Console.WriteLine();
Console.WriteLine("| parallel | baseline domains/s | srvprov verify --file domains/s | baseline ÷ srvprov | srvprov pass/total | srvprov CPU ms/domain | machine busy during srvprov |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
var allPassed = true;
foreach (var n in parallels)
{
    double bestBase = 0, bestCli = 0, cpuPerDomain = 0, busy = 0;
    var passLine = string.Empty;
    for (var r = 0; r < runs; r++)
    {
        var (ok, elapsed) = await BaselineRun(baseline, lab.Domains, n);
        if (ok != lab.Domains.Count)
        {
            Console.Error.WriteLine($"baseline: only {ok} of {lab.Domains.Count} domains answered correctly");
            allPassed = false;
        }

        bestBase = Math.Max(bestBase, lab.Domains.Count / elapsed.TotalSeconds);
        var cli = await CliRunner.RunAsync(dll, ["verify", "--file", lab.FleetFile, "--parallel", n.ToString(CultureInfo.InvariantCulture), "--format", "json", .. options], TimeSpan.FromMinutes(10));
        var summary = JsonNode.Parse(cli.Stdout)?["summary"];
        var pass = summary?["pass"]?.GetValue<int>() ?? -1;
        passLine = $"{pass}/{summary?["total"]?.GetValue<int>() ?? -1}";
        if (cli.ExitCode != 0 || pass != lab.Domains.Count)
        {
            Console.Error.WriteLine($"srvprov verify exited {cli.ExitCode} with {passLine} passing:\n{Tail(cli.Stdout)}\n{Tail(cli.Stderr)}");
            allPassed = false;
        }

        if (lab.Domains.Count / cli.Elapsed.TotalSeconds > bestCli)
        {
            bestCli = lab.Domains.Count / cli.Elapsed.TotalSeconds;
            cpuPerDomain = cli.Cpu.TotalMilliseconds / lab.Domains.Count;
            busy = cli.MachineBusy;
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n} | {bestBase:F0} | {bestCli:F0} | {bestBase / bestCli:F2} | {passLine} | {cpuPerDomain:F2} | {busy:P0} |"));
}

Console.WriteLine();
Console.WriteLine("# target: srvprov verify --file >= 300 domains/s on 2 cores (wall time of the whole child process, start-up included)");
return allPassed ? 0 : 2;

static async Task<(int Ok, TimeSpan Elapsed)> BaselineRun(BaselineVerifier baseline, IReadOnlyList<string> domains, int parallel)
{
    var ok = 0;
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(domains, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (d, ct) =>
    {
        if (await baseline.VerifyAsync(d, ct))
        {
            Interlocked.Increment(ref ok);
        }
    });
    return (ok, clock.Elapsed);
}

static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
