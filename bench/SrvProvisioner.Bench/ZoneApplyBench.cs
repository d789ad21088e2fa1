using System.Globalization;
using System.Text;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Bench;

/// <summary>
/// Issue 17, Deliver 10: <c>srvprov apply</c> on a zone file of N records (the edit, the
/// backup, the lock, the atomic replace), timed as a process from start to exit, beside a
/// plain copy of the same file by <c>cp</c> (also a process: both pay a start-up) in the same
/// run. Each run starts from a fresh copy of the zone, so every apply writes.
/// </summary>
internal static class ZoneApplyBench
{
    public static async Task RunAsync(BenchContext context, int records, int runs, bool native)
    {
        var dir = Path.Combine(context.WorkDir, "zone-apply");
        Directory.CreateDirectory(dir);
        var master = Path.Combine(dir, "master.zone");
        await File.WriteAllTextAsync(master, Zone(records));
        var size = new FileInfo(master).Length;
        Console.WriteLine($"## zone apply: {records:N0} records ({size / 1024.0 / 1024.0:0.0} MiB), {runs} runs, {(native ? "native" : "IL (dotnet srvprov.dll)")}");

        var apply = new List<double>();
        var copy = new List<double>();
        for (var run = 0; run < runs + 1; run++)
        {
            var zone = Path.Combine(dir, $"run{run}.zone");
            File.Copy(master, zone);
            var (file, args) = context.Srvprov(native, "apply", "--yes", "--skip-proof", "--server-name", "example.com", "--target", "matrix.example.com:8448",
                "--zone-file", zone, "--dns-server", "127.0.0.1:9", "--receipt", zone + ".receipt.json");
            var result = await ChildProcess.RunAsync(file, args, new Dictionary<string, string?> { ["HOME"] = context.WorkDir, ["XDG_STATE_HOME"] = dir }, TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"apply failed (exit {result.ExitCode}): {result.Stderr}");
            }

            var copied = await ChildProcess.RunAsync("cp", [master, Path.Combine(dir, $"copy{run}.zone")], null, TimeSpan.FromMinutes(1));

            // The first run of each warms the page cache and the JIT's disk reads; it is not counted.
            if (run > 0)
            {
                apply.Add(result.Elapsed.TotalMilliseconds);
                copy.Add(copied.Elapsed.TotalMilliseconds);
            }

            foreach (var leftover in Directory.EnumerateFiles(dir).Where(f => !f.EndsWith("master.zone", StringComparison.Ordinal)))
            {
                File.Delete(leftover);
            }
        }

        var applyMedian = Stats.Median(apply);
        var copyMedian = Stats.Median(copy);
        Console.WriteLine($"| zone apply, {records:N0} records | median {applyMedian:0} ms (min {apply.Min():0}, max {apply.Max():0}) | cp of the same file: median {copyMedian:0} ms | {applyMedian / copyMedian:0.0}x | goal <= 2000 ms | {(applyMedian <= 2000 ? "yes" : "no")} |");
    }

    /// <summary>A zone as a hosting operator's would look: SOA, NS, then hosts with A, AAAA, TXT and MX records, some with relative owners and $TTL units.</summary>
    private static string Zone(int records)
    {
        var text = new StringBuilder(records * 48);
        text.Append("$ORIGIN example.com.\n$TTL 1h\n@ IN SOA ns1 hostmaster (2026010100 1h 15m 1w 5m)\n  IN NS ns1\nns1 IN A 192.0.2.53\nmatrix IN A 192.0.2.10\n");
        for (var i = 0; i < records; i++)
        {
            var host = string.Create(CultureInfo.InvariantCulture, $"host{i / 4}");
            text.Append((i % 4) switch
            {
                0 => FormattableString.Invariant($"{host} 300 IN A 198.51.{(i / 256) % 256}.{i % 256}\n"),
                1 => FormattableString.Invariant($"{host} IN AAAA 2001:db8::{i:x}\n"),
                2 => FormattableString.Invariant($"{host} IN TXT \"v=spf1 ip4:198.51.100.{i % 256} -all\" ; customer {i}\n"),
                _ => FormattableString.Invariant($"{host} IN MX 10 mail.{host}\n"),
            });
        }

        return text.ToString();
    }
}
