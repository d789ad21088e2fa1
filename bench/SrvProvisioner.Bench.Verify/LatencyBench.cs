using System.Globalization;
using System.Net;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Certificates;
using SrvProvisioner.Testing.Net;
using SrvProvisioner.Testing.Nginx;

namespace SrvProvisioner.Bench.Verify;

/// <summary>
/// One <c>srvprov verify lat.test</c> through delay proxies in this process (UDP for DNS, TCP
/// for TLS; each direction delayed by RTT/2, a new connection's first bytes held one more
/// RTT): BIND serves both SRV names (target matrix.lat.test, its A record), nginx serves
/// federation with a certificate for lat.test and the base domain's website, which answers
/// 404 for the well-known over real TLS. The floor is 5 round trips (SRV, target A/AAAA, TCP,
/// TLS 1.3, the key and version GETs together); the baseline is the same checks as a
/// sequential dig/openssl/curl script through the same proxies. Each RTT is measured twice:
/// with BIND's default answers, which carry the SRV target's A record as additional data (RFC
/// 2782 urges it; srvprov then starts the target's handshakes one round trip early), and with
/// a second BIND set to <c>minimal-responses yes</c>, as many recursive resolvers answer.
/// </summary>
internal static class LatencyBench
{
    private const string Name = "lat.test";

    public static async Task<int> RunAsync(string srvprov, IReadOnlyList<int> roundTripsMs, int runs, TimeSpan hold = default)
    {
        var dir = Directory.CreateTempSubdirectory("srvprov-latency-").FullName;
        try
        {
            return await RunInAsync(dir, srvprov, roundTripsMs, runs, hold);
        }
        finally
        {
            try
            {
                Directory.Delete(dir, true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private static async Task<int> RunInAsync(string dir, string srvprov, IReadOnlyList<int> roundTripsMs, int runs, TimeSpan hold)
    {
        using var ca = new TestCertificateAuthority("srvprov latency CA");
        var caFile = ca.WriteCaFile(dir);
        using var leaf = ca.IssueLeaf([Name]);
        var (crt, key) = PemFiles.Write(dir, "lat", leaf, ca.Certificate);
        var delay = new LinkDelay();
        var fedPort = FreePort.Find();
        var webPort = FreePort.Find();
        await using var stub = await MatrixStubServer.StartAsync();
        var tls = $"ssl_certificate {crt}; ssl_certificate_key {key}; ssl_protocols TLSv1.2 TLSv1.3;";
        var servers = $$"""
            server { listen 127.0.0.1:{{fedPort}} ssl; server_name {{Name}}; {{tls}} location / { proxy_pass http://127.0.0.1:{{stub.Port}}; proxy_set_header {{MatrixStubServer.ServerNameHeader}} {{Name}}; proxy_set_header Host $http_host; } }
            server { listen 127.0.0.1:{{webPort}} ssl; server_name {{Name}}; {{tls}} location / { return 404; } }
            """;
        await using var nginx = await NginxServer.StartAsync(_ => servers, [new IPEndPoint(IPAddress.Loopback, fedPort), new IPEndPoint(IPAddress.Loopback, webPort)]);
        await using var fedProxy = new TcpDelayProxy(new IPEndPoint(IPAddress.Loopback, fedPort), delay);
        await using var webProxy = new TcpDelayProxy(new IPEndPoint(IPAddress.Loopback, webPort), delay);
        var fp = fedProxy.Port.ToString(CultureInfo.InvariantCulture);
        var zone = new BindZone(Name, $"""
            $TTL 300
            @ IN SOA ns.{Name}. hostmaster.{Name}. 1 3600 600 86400 300
            @ IN NS ns.{Name}.
            @ IN A 127.0.0.1
            ns IN A 127.0.0.1
            _matrix-fed._tcp IN SRV 10 0 {fp} matrix.{Name}.
            _matrix._tcp IN SRV 10 0 {fp} matrix.{Name}.
            matrix IN A 127.0.0.1

            """) { AllowUpdate = false };
        await using var bind = await BindServer.StartAsync([zone]);
        await using var minimalBind = await BindServer.StartAsync([zone], extraOptions: "minimal-responses yes;");
        await using var dnsProxy = new UdpDelayProxy(bind.EndPoint, delay);
        await using var minimalProxy = new UdpDelayProxy(minimalBind.EndPoint, delay);
        string[] Verify(UdpDelayProxy proxy) => ["verify", "--server-name", Name, "--dns-server", $"127.0.0.1:{proxy.EndPoint.Port}", "--connect-to", $":443:127.0.0.1:{webProxy.Port}", "--ca-file", caFile, "--timeout", "20s"];
        (string Label, string[] Verify, string Script)[] variants =
        [
            ("with the target's A as additional data (BIND default)", Verify(dnsProxy), await WriteScriptAsync(dir, "sequential.sh", dnsProxy.EndPoint.Port, caFile, webProxy.Port, fp)),
            ("minimal responses (no additional data)", Verify(minimalProxy), await WriteScriptAsync(dir, "sequential-minimal.sh", minimalProxy.EndPoint.Port, caFile, webProxy.Port, fp)),
        ];

        Console.WriteLine($"# latency benchmark {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; load average {File.ReadAllText("/proc/loadavg").Trim()}; {runs} runs per row, interleaved");
        foreach (var (label, verify, _) in variants)
        {
            Console.WriteLine($"# srvprov, {label}: {srvprov} {string.Join(' ', verify)}");
        }

        if (hold > TimeSpan.Zero)
        {
            // --hold: keep the lab (and the delay proxies at the first RTT) up so that one verify
            // can be reproduced and measured by hand (perf, strace) with the commands printed above.
            delay.RoundTrip = TimeSpan.FromMilliseconds(roundTripsMs[0]);
            Console.WriteLine($"# holding the lab for {hold.TotalSeconds:F0} s at {roundTripsMs[0]} ms RTT; scripts: {string.Join(", ", variants.Select(v => v.Script))}");
            await Task.Delay(hold);
            return 0;
        }

        Console.WriteLine();
        Console.WriteLine("| RTT | DNS answers | srvprov median ms | srvprov min ms | 5-RTT floor ms | median ÷ floor | min ÷ floor | script median ms | script min ms | script ÷ srvprov (medians) | srvprov CPU ms (median) | machine busy |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var ok = true;
        foreach (var rtt in roundTripsMs)
        {
            delay.RoundTrip = TimeSpan.FromMilliseconds(rtt);
            foreach (var (label, verify, script) in variants)
            {
                ok &= await MeasureAsync(srvprov, verify, script, rtt, label, runs);
            }
        }

        Console.WriteLine();
        Console.WriteLine("# goals: at 50 ms verify <= 1.2 x the 5-RTT floor and >= 3 x faster than the script; at 0 ms <= 50 ms wall");
        return ok ? 0 : 2;
    }

    private static async Task<string> WriteScriptAsync(string dir, string file, int dnsPort, string caFile, int webPort, string fp)
    {
        var script = Path.Combine(dir, file);
        await File.WriteAllTextAsync(script, $$"""
            #!/bin/bash
            # The checks of one verify, one after the other, as an admin would script them.
            set -euo pipefail
            D="dig +tries=1 +time=5 -p {{dnsPort}} @127.0.0.1 +short"
            $D SRV _matrix-fed._tcp.{{Name}}
            $D SRV _matrix._tcp.{{Name}}
            curl -sS --cacert {{caFile}} --connect-to ::127.0.0.1:{{webPort}} -o /dev/null -w '%{http_code}\n' https://{{Name}}/.well-known/matrix/server
            $D A matrix.{{Name}}
            $D AAAA matrix.{{Name}}
            openssl s_client -connect 127.0.0.1:{{fp}} -servername {{Name}} -CAfile {{caFile}} -verify_return_error -brief </dev/null
            curl -sS --fail --cacert {{caFile}} --resolve {{Name}}:{{fp}}:127.0.0.1 https://{{Name}}:{{fp}}/_matrix/key/v2/server https://{{Name}}:{{fp}}/_matrix/federation/v1/version
            """);
        return script;
    }

    private static async Task<bool> MeasureAsync(string srvprov, string[] verify, string script, int rtt, string label, int runs)
    {
        var ok = true;
        var cli = new List<double>();
        var sh = new List<double>();
        var cpu = new List<double>();
        var busy = new List<double>();
        for (var r = -2; r < runs; r++)
        {
            var a = await CliRunner.RunAsync(srvprov, verify, TimeSpan.FromMinutes(1));
            var b = await ChildProcess.RunAsync("bash", [script], null, TimeSpan.FromMinutes(1));
            if (a.ExitCode != 0 || b.ExitCode != 0)
            {
                Console.Error.WriteLine($"srvprov exited {a.ExitCode}, script {b.ExitCode}:\n{a.Stdout}\n{a.Stderr}\n{b.Stdout}\n{b.Stderr}");
                ok = false;
            }

            if (r >= 0)
            {
                cli.Add(a.Elapsed.TotalMilliseconds);
                sh.Add(b.Elapsed.TotalMilliseconds);
                cpu.Add(a.Cpu.TotalMilliseconds);
                busy.Add(a.MachineBusy);
            }
        }

        var floor = 5.0 * rtt;
        string Ratio(double v) => floor > 0 ? (v / floor).ToString("F2", CultureInfo.InvariantCulture) : "n/a";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {rtt} ms | {label} | {Median(cli):F0} | {cli.Min():F0} | {floor:F0} | {Ratio(Median(cli))} | {Ratio(cli.Min())} | {Median(sh):F0} | {sh.Min():F0} | {Median(sh) / Median(cli):F2} | {Median(cpu):F0} | {Median(busy):P0} |"));
        return ok;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
