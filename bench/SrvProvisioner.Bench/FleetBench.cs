using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Net;
using SrvProvisioner.Testing.Route53;

namespace SrvProvisioner.Bench;

/// <summary>
/// Figure 1: <c>srvprov apply --file fleet.yaml --yes</c> (plan, then apply) as a child process
/// against the Route 53 emulator rate-limited to R requests/s, with the client's
/// <c>--route53-rate-limit</c> set to R. Baseline: calls ÷ R, the least time any client
/// could take for the calls it made. Two fleets: customer domains each in its own hosted
/// zone, and customer names sharing the operator's one zone.
/// </summary>
internal sealed class FleetBench
{
    private readonly BenchContext _context;
    private readonly int _domains;
    private readonly int _rate;
    private readonly int _burst;
    private readonly int _parallel;

    public FleetBench(BenchContext context, int domains, int rate, int burst, int parallel)
    {
        _context = context;
        _domains = domains;
        _rate = rate;
        _burst = burst;
        _parallel = parallel;
    }

    public async Task RunAsync()
    {
        Console.WriteLine($"## Fleet: {_domains} domains, emulator limit R = {_rate} req/s (token bucket, burst {_burst}), --route53-rate-limit {_rate}, --parallel {_parallel}");
        await RunCaseAsync("own zones", OwnZones);
        await RunCaseAsync("one zone", SharedZone);
    }

    /// <summary>Each customer domain in its own hosted zone with its homeserver host, web and mail; 10% already done, 5% pointing at an old host.</summary>
    private Dictionary<string, string> OwnZones(Route53Emulator emulator)
    {
        var domains = DomainNames.Customers(_domains, seed: 7);
        var zoneOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < domains.Count; i++)
        {
            var d = domains[i];
            var id = emulator.AddZone(d);
            zoneOf[d] = id;
            emulator.PutRecordSet(id, d, "A", 300, $"198.51.100.{i % 250}");
            emulator.PutRecordSet(id, d, "MX", 3600, "10 mx1.mailhost.example.", "20 mx2.mailhost.example.");
            emulator.PutRecordSet(id, d, "TXT", 3600, "\"v=spf1 include:mailhost.example ~all\"");
            emulator.PutRecordSet(id, "www." + d, "CNAME", 300, d);
            emulator.PutRecordSet(id, "matrix." + d, "A", 300, $"203.0.113.{i % 250}");
            if (i % 20 == 0)
            {
                emulator.PutRecordSet(id, "_matrix-fed._tcp." + d, "SRV", 3600, "10 0 8448 old-host.example.");
            }
            else if (i % 10 == 1)
            {
                emulator.PutRecordSet(id, "_matrix-fed._tcp." + d, "SRV", 3600, $"10 0 8448 matrix.{d}.");
                emulator.PutRecordSet(id, "_matrix._tcp." + d, "SRV", 3600, $"10 0 8448 matrix.{d}.");
            }
        }

        WriteFleet(domains, d => $"matrix.{d}:8448");
        return zoneOf;
    }

    /// <summary>Customers under the operator's zone (acme.chat-host.net), spread over eight homeserver hosts in that zone.</summary>
    private Dictionary<string, string> SharedZone(Route53Emulator emulator)
    {
        const string zone = "chat-host.net";
        var id = emulator.AddZone(zone);
        for (int h = 1; h <= 8; h++)
        {
            emulator.PutRecordSet(id, $"hs{h}.{zone}", "A", 300, $"203.0.113.{h}");
        }

        var domains = DomainNames.Labels(_domains, seed: 11).Select(l => $"{l}.{zone}").ToList();
        WriteFleet(domains, d => $"hs{1 + (StableHash(d) % 8)}.{zone}:8448");
        return domains.ToDictionary(d => d, _ => id, StringComparer.Ordinal);
    }

    private string FleetPath => Path.Combine(_context.WorkDir, "fleet.yaml");

    private void WriteFleet(IReadOnlyList<string> domains, Func<string, string> target)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"version: 1\ndefaults:\n  provider: aws\nproviders:\n  aws:\n    type: route53\n    options:\n      route53-rate-limit: {_rate}\ndomains:\n");
        foreach (var d in domains)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - server-name: {d}\n    targets: [\"{target(d)}\"]\n");
        }

        File.WriteAllText(FleetPath, yaml.ToString());
    }

    private async Task RunCaseAsync(string name, Func<Route53Emulator, Dictionary<string, string>> setup)
    {
        await using var emulator = await Route53Emulator.StartAsync();
        var domains = setup(emulator);
        emulator.SetRateLimit(_rate, _burst);
        emulator.ResetCounts();

        // The native executable, as the RID-specific tool package ships it.
        // Target lookups go to a loopback port where nothing answers: the emulated zones are not
        // served by DNS, so each plan reads its in-zone target from the zone (the costlier case),
        // and the run never depends on this machine's resolver.
        var (file, args) = _context.Srvprov(native: true, "apply", "--file", FleetPath, "--yes", "--parallel", _parallel.ToString(CultureInfo.InvariantCulture), "--format", "json", "--dns-server", "127.0.0.1:9");
        var run = await ChildProcess.RunAsync(
            file,
            args,
            _context.Route53Environment(emulator),
            TimeSpan.FromMinutes(20));
        var counts = emulator.Counts();
        var calls = counts.Values.Sum();
        var summary = JsonNode.Parse(run.Stdout)?["summary"];
        var missing = domains.Count(d => emulator.FindRecordSet(d.Value, "_matrix-fed._tcp." + d.Key, "SRV") is null);
        var ideal = calls / (double)_rate;
        var wall = run.Elapsed.TotalSeconds;

        Console.WriteLine($"### {name}: exit {run.ExitCode}; summary {summary?.ToJsonString()}; domains without their SRV set afterwards: {missing}");
        if (run.ExitCode != 0)
        {
            Console.WriteLine(run.Stderr.Length > 2000 ? run.Stderr[..2000] : run.Stderr);
        }

        Console.WriteLine($"  calls: {string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"))}; total {calls}; throttled by the emulator {emulator.Throttled}");
        Console.WriteLine($"  API calls per domain: {calls / (double)domains.Count:0.000}");
        Console.WriteLine($"  wall {wall:0.0} s; baseline calls ÷ R = {ideal:0.0} s; wall ÷ (calls ÷ R) = {wall / ideal:0.000} (target <= 1.1)");
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            int h = 17;
            foreach (var c in text)
            {
                h = (h * 31) + c;
            }

            return h & int.MaxValue;
        }
    }
}
