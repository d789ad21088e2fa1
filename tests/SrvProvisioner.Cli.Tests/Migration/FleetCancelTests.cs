using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Bind;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>
/// Issue 17, Deliver 6, for fleets: Ctrl-C (SIGINT) or SIGTERM during <c>apply --file</c>
/// reports per domain what was written. Through the binary against the migration lab: the
/// lagging ns2 keeps written domains in their propagation wait; a relay that drops BIND's
/// answer to an UPDATE keeps one domain's write in flight; with <c>--parallel 1</c> the batch
/// after it has no slot yet. The signal is sent once the primary serves the first domain's
/// records and the relayed update was sent (polled, not slept on).
/// </summary>
[Trait("Category", "Binary")]
[Collection(MigrationLabCollection.Name)]
public sealed class FleetCancelTests(MigrationLabFixture fixture) : IDisposable
{
    private const string DnsWrittenNote = "DNS written, config not run: cancelled (Ctrl-C or SIGTERM)";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-fleetcancel-").FullName;

    private MigrationLab Lab => fixture.Lab;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ApplyFileJson_SigtermAfterDnsWrites_ReportsEachDomainsState_AndTheSameApplyFinishes()
    {
        await using var relay = UpdateAnswerDroppingRelay.Start(Lab.Primary.EndPoint);
        string[] names = ["fc-written.test", "fc-inflight.test", "fc-notstarted.test"];
        var configs = names.ToDictionary(n => n, WriteConfig);
        var before = configs.ToDictionary(c => c.Key, c => File.ReadAllBytes(c.Value));
        var fleet = WriteFleet(configs, new Dictionary<string, string> { ["fc-inflight.test"] = relay.Address });

        var result = await ApplyAndSignalAsync(fleet, "TERM", async () => relay.UpdatesDropped > 0 && (await SrvAsync("fc-written.test")).Count > 0, "--parallel", "1", "--format", "json");

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        var summary = json["summary"]!;
        summary["cancelled"]!.GetValue<int>().ShouldBe(3, result.ToString());
        summary["cancelledAfterDns"]!.GetValue<int>().ShouldBe(2, result.ToString());
        summary["applied"]!.GetValue<int>().ShouldBe(0);
        summary["failed"]!.GetValue<int>().ShouldBe(0);

        var domains = json["domains"]!.AsArray().ToDictionary(d => d!["serverName"]!.GetValue<string>(), d => d!);
        foreach (var written in new[] { "fc-written.test", "fc-inflight.test" })
        {
            var domain = domains[written];
            domain["outcome"]!.GetValue<string>().ShouldBe("cancelled", result.ToString());
            domain["error"]!.GetValue<string>().ShouldBe(DnsWrittenNote);
            FleetJson.Stages(domain).ShouldBe(["proof:done", "dns:done", "propagation:skipped", "config:skipped"]);
            domain["stages"]![1]!["detail"]!.GetValue<string>().ShouldContain($"2 record set change(s) written to zone {written}.");
            domain["stages"]![3]!["detail"]!.GetValue<string>().ShouldContain($"not run: cancelled (Ctrl-C or SIGTERM) after the dns stage; {configs[written]} left unchanged");
        }

        var notStarted = domains["fc-notstarted.test"];
        notStarted["outcome"]!.GetValue<string>().ShouldBe("cancelled");
        notStarted["error"]!.GetValue<string>().ShouldBe("not started: cancelled (Ctrl-C or SIGTERM); nothing written");
        notStarted["stages"].ShouldBeNull();

        var line = result.Stderr.Trim().Split('\n').ShouldHaveSingleItem();
        line.ShouldStartWith("error: cancelled (Ctrl-C or SIGTERM) during apply --file: 2 domain(s) have their DNS written but their config stage did not run, 1 not started (nothing written for them)");
        line.ShouldContain("run the same apply --file again");

        // What the output says is what happened: records on the primary where it says so, and
        // every config file exactly as it was, without backups or temp files.
        foreach (var written in new[] { "fc-written.test", "fc-inflight.test" })
        {
            (await SrvAsync(written)).ShouldBe([$"10 0 {Lab.FedPort} matrix.{written}."]);
            (await MigrationLab.SrvAsync(Lab.Primary.EndPoint, $"_matrix._tcp.{written}")).ShouldBe([$"10 0 {Lab.FedPort} matrix.{written}."]);
        }

        (await SrvAsync("fc-notstarted.test")).ShouldBeEmpty();
        foreach (var (name, path) in configs)
        {
            File.ReadAllBytes(path).ShouldBe(before[name], name);
            Directory.EnumerateFiles(Path.GetDirectoryName(path)!).ShouldNotContain(f => f.Contains("srvprov-backup", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal));
        }

        // What the line says to do works: the same apply, the secondary caught up, finishes all.
        relay.DropUpdateAnswers = false;
        using var stop = new CancellationTokenSource();
        var releases = names.Select(n => Lab.ReleaseSecondaryAsync(n, TimeSpan.Zero, stop.Token)).ToList();
        var again = await SrvprovProcess.RunAsync(["apply", "--file", fleet, "--yes", "--format", "json", .. LabOptions]);
        await stop.CancelAsync();
        foreach (var release in releases)
        {
            await FleetJson.IgnoreCancelledAsync(release);
        }

        again.ExitCode.ShouldBe(0, again.ToString());
        var finished = JsonNode.Parse(again.Stdout)!["domains"]!.AsArray().ToDictionary(d => d!["serverName"]!.GetValue<string>(), d => d!);
        FleetJson.Stages(finished["fc-written.test"]).ShouldBe(["proof:done", "dns:not-needed", "propagation:done", "config:done"]);
        FleetJson.Stages(finished["fc-inflight.test"]).ShouldBe(["proof:done", "dns:not-needed", "propagation:done", "config:done"]);
        FleetJson.Stages(finished["fc-notstarted.test"]).ShouldBe(["proof:done", "dns:done", "propagation:done", "config:done"]);
        foreach (var path in configs.Values)
        {
            File.ReadAllText(path).ShouldContain("serve_server_wellknown: false");
        }
    }

    [Fact]
    public async Task ApplyFileText_CtrlCInThePropagationWait_MarksTheDomainsCancelled_AndCountsThem()
    {
        string[] names = ["fc-text1.test", "fc-text2.test"];
        var configs = names.ToDictionary(n => n, WriteConfig);
        var before = configs.ToDictionary(c => c.Key, c => File.ReadAllBytes(c.Value));
        var fleet = WriteFleet(configs, new Dictionary<string, string>());

        var result = await ApplyAndSignalAsync(fleet, "INT", async () => (await SrvAsync("fc-text1.test")).Count > 0 && (await SrvAsync("fc-text2.test")).Count > 0);

        result.ExitCode.ShouldBe(1, result.ToString());
        foreach (var name in names)
        {
            var row = result.Stdout.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
            row.ShouldContain(" cancelled ");
            row.ShouldEndWith(DnsWrittenNote);
            File.ReadAllBytes(configs[name]).ShouldBe(before[name]);
            (await SrvAsync(name)).ShouldNotBeEmpty();
        }

        result.Stdout.ShouldContain("2 domains: 0 unchanged, 0 applied, 0 refused by the proof, 0 refused by propagation, 0 failed, 2 cancelled (2 with DNS written but config not run).");
        result.Stdout.ShouldNotContain("unexpected", Case.Insensitive);
        result.Stderr.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("error: cancelled (Ctrl-C or SIGTERM) during apply --file: 2 domain(s) have their DNS written but their config stage did not run, 0 not started");
    }

    [Fact]
    public async Task ApplyFile_SigtermDuringTheProofs_WritesNothing_AndReportsEveryDomainNotStarted()
    {
        // fc-gate1's target accepts the proof's connection and never answers the TLS handshake,
        // so the signal comes while the first proof runs (--parallel 1: fc-gate2's not begun).
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = new List<System.Net.Sockets.TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                var client = await silent.AcceptTcpClientAsync();
                lock (accepted)
                {
                    accepted.Add(client);
                }
            }
        });
        string[] names = ["fc-gate1.test", "fc-gate2.test"];
        var configs = names.ToDictionary(n => n, WriteConfig);
        var before = configs.ToDictionary(c => c.Key, c => File.ReadAllBytes(c.Value));
        var fleet = WriteFleet(configs, new Dictionary<string, string>(), new Dictionary<string, int> { ["fc-gate1.test"] = port });

        SrvprovResult result;
        try
        {
            result = await ApplyAndSignalAsync(fleet, "TERM", () => Task.FromResult(Count(accepted) > 0), "--parallel", "1", "--format", "json");
        }
        finally
        {
            silent.Stop();
            lock (accepted)
            {
                accepted.ForEach(c => c.Dispose());
            }
        }

        result.ExitCode.ShouldBe(1, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        json["summary"]!["cancelled"]!.GetValue<int>().ShouldBe(2, result.ToString());
        json["summary"]!["cancelledAfterDns"]!.GetValue<int>().ShouldBe(0);
        foreach (var domain in json["domains"]!.AsArray())
        {
            domain!["outcome"]!.GetValue<string>().ShouldBe("cancelled");
            domain["error"]!.GetValue<string>().ShouldBe("not started: cancelled (Ctrl-C or SIGTERM); nothing written");
        }

        result.Stderr.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("error: cancelled (Ctrl-C or SIGTERM) during apply --file: 0 domain(s) have their DNS written but their config stage did not run, 2 not started");
        foreach (var name in names)
        {
            (await SrvAsync(name)).ShouldBeEmpty();
            File.ReadAllBytes(configs[name]).ShouldBe(before[name]);
        }

        try
        {
            await accepting;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // the listener stopped
        }
    }

    private static int Count(List<System.Net.Sockets.TcpClient> accepted)
    {
        lock (accepted)
        {
            return accepted.Count;
        }
    }

    private IReadOnlyList<string> LabOptions =>
    [
        "--dns-server", Lab.PrimaryAddressText, "--connect-to", $":443:127.0.0.1:{Lab.WebPort}", "--ca-file", Lab.CaFile, "--timeout", "10s",
    ];

    private Task<IReadOnlyList<string>> SrvAsync(string zone) => MigrationLab.SrvAsync(Lab.Primary.EndPoint, $"_matrix-fed._tcp.{zone}");

    /// <summary>Starts <c>apply --file</c>, waits until <paramref name="ready"/> (polled, never a fixed sleep), sends the signal, and returns the finished run.</summary>
    private async Task<SrvprovResult> ApplyAndSignalAsync(string fleet, string signal, Func<Task<bool>> ready, params string[] extra)
    {
        var apply = SrvprovProcess.RunAsync(["apply", "--file", fleet, "--yes", .. LabOptions, .. extra]);
        var deadline = Stopwatch.StartNew();
        while (!await ready())
        {
            if (apply.IsCompleted)
            {
                throw new InvalidOperationException($"apply --file ended before the signal: {await apply}");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(90))
            {
                await SrvprovSignal.SendAsync(fleet, "TERM");
                throw new TimeoutException($"the DNS writes never reached the primary: {await apply}");
            }

            await Task.Delay(100);
        }

        apply.IsCompleted.ShouldBeFalse("apply --file must still be running when the signal comes");
        await SrvprovSignal.SendAsync(fleet, signal);
        var stopped = Stopwatch.StartNew();
        var result = await apply;
        stopped.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "it stopped at the signal, not at the propagation timeout");
        return result;
    }

    private string WriteConfig(string serverName)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, serverName)).FullName;
        return Lab.WriteHomeserverConfig(dir, serverName);
    }

    /// <summary>One provider block for the primary, and one per domain in <paramref name="relayed"/> that writes through that address.</summary>
    private string WriteFleet(IReadOnlyDictionary<string, string> configs, IReadOnlyDictionary<string, string> relayed, IReadOnlyDictionary<string, int>? ports = null)
    {
        var sb = new StringBuilder("version: 1\nproviders:\n");
        void Block(string name, string server) =>
            sb.Append($"  {name}:\n    type: rfc2136\n    options:\n      rfc2136-server: \"{server}\"\n      rfc2136-key-file: \"{Lab.Primary.KeyFilePath}\"\n");
        Block("lab", Lab.PrimaryAddressText);
        var i = 0;
        var blocks = relayed.ToDictionary(r => r.Key, r =>
        {
            var name = $"relay{i++}";
            Block(name, r.Value);
            return name;
        });
        sb.Append("domains:\n");
        foreach (var (domain, config) in configs)
        {
            var port = ports is not null && ports.TryGetValue(domain, out var given) ? given : Lab.FedPort;
            sb.Append($"  - server-name: {domain}\n    provider: {blocks.GetValueOrDefault(domain, "lab")}\n    targets: [\"matrix.{domain}:{port}\"]\n    config: \"{config}\"\n");
        }

        var path = Path.Combine(_dir, $"fleet-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
