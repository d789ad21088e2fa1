using System.Net;
using ARSoft.Tools.Net.Dns;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Testing.Net;
using RecordType = ARSoft.Tools.Net.Dns.RecordType;
using SrvRecord = ARSoft.Tools.Net.Dns.SrvRecord;

namespace SrvProvisioner.Core.Tests.Discovery;

/// <summary>
/// The SRV target's addresses in an SRV answer's additional section (RFC 2782 urges servers to
/// send them) let verify start the target's TCP and TLS handshakes before the target's own
/// A/AAAA answer arrives. They are only a hint (RFC 2181 §5.4.1 ranks additional data below an
/// answer): the verdict is the one the A/AAAA answer leads to, hint or not. A scripted DNS
/// server sends hints a real one would not; relays in front of the lab's nginx record where and
/// when verify connected.
/// </summary>
public sealed class AddressHintTests(FederationLabFixture fixture) : IClassFixture<FederationLabFixture>
{
    private const string Target = "matrix.ok.test.";

    private static readonly IPAddress Hinted = IPAddress.Parse("127.0.0.2");

    private IPEndPoint Federation => new(IPAddress.Loopback, fixture.Lab.FedPort);

    private static string Dump(VerifyReport r) =>
        string.Join("\n", r.Checks.Select(c => $"{c.Status} {c.Name}: {c.Detail}")) + "\n" + string.Join("\n", r.Findings.Select(f => $"{f.Severity} {f.Code}: {f.Message}"));

    /// <summary>ok.test's SRV records at <paramref name="port"/>, matrix.ok.test A 127.0.0.1 (after <paramref name="addressDelay"/>), and <paramref name="hints"/> as additional data.</summary>
    private static ScriptedDnsServer Dns(int port, IReadOnlyList<IPAddress> hints, TimeSpan addressDelay = default) =>
        ScriptedDnsServer.Start(q =>
        {
            var name = q.Name.ToString();
            if (q.RecordType == RecordType.Srv && name is "_matrix-fed._tcp.ok.test." or "_matrix._tcp.ok.test.")
            {
                return new ScriptedAnswer(
                    [new SrvRecord(q.Name, 300, 10, 0, (ushort)port, ScriptedAnswer.Name(Target))],
                    [.. hints.Select(h => new ARecord(ScriptedAnswer.Name(Target), 300, h))]);
            }

            if (q.RecordType == RecordType.A && name == Target)
            {
                return new ScriptedAnswer([new ARecord(q.Name, 300, IPAddress.Loopback)], [], addressDelay);
            }

            return ScriptedAnswer.NoData;
        });

    private async Task<VerifyReport> VerifyAsync(ScriptedDnsServer dns)
    {
        var settings = new VerifySettings(TimeSpan.FromSeconds(20))
        {
            DnsServer = dns.EndPoint.ToString(),
            ConnectTo = [$":443:127.0.0.1:{fixture.Lab.WebPort}"],
            CaFile = fixture.Lab.CaFile,
        };
        using var engine = new VerifyEngine(settings);
        return await engine.VerifyAsync(MatrixServerName.Parse("ok.test"), null, CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition() && waited < 5000; waited += 20)
        {
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Verify_ConnectsToTheHintedTarget_BeforeItsAddressAnswer_AndUsesThatOneConnection()
    {
        await using var relay = new CountingTcpRelay(IPAddress.Loopback, Federation);
        using var dns = Dns(relay.EndPoint.Port, [IPAddress.Loopback], addressDelay: TimeSpan.FromSeconds(1));

        var report = await VerifyAsync(dns);

        report.HasFailures.ShouldBeFalse(Dump(report));
        report.Checks.ShouldContain(c => c.Name == $"key-endpoint 127.0.0.1:{relay.EndPoint.Port}" && c.Status == CheckStatus.Pass, Dump(report));
        relay.Accepted.Count.ShouldBe(1, "the connection opened on the hint is the one probed, not a second one");
        var asked = dns.Questions.Single(q => q.Question == $"{Target} A").At;
        var connected = relay.Accepted.Single();
        (connected - asked).ShouldBeLessThan(TimeSpan.FromMilliseconds(900), "the handshake started while the A answer was held back for 1 s");
    }

    [Fact]
    public async Task Verify_JudgesOnlyTheAnsweredAddress_WhenTheHintNamesAnother()
    {
        await using var answered = new CountingTcpRelay(IPAddress.Loopback, Federation);

        // The hint names 127.0.0.2 on the SRV record's port: a relay there sees the early connection.
        await using var hinted = new CountingTcpRelay(Hinted, Federation, answered.EndPoint.Port);
        using var dns = Dns(answered.EndPoint.Port, [Hinted], addressDelay: TimeSpan.FromMilliseconds(300));

        var report = await VerifyAsync(dns);

        report.HasFailures.ShouldBeFalse(Dump(report));
        report.Checks.ShouldNotContain(c => c.Name.Contains("127.0.0.2") || c.Detail.Contains("127.0.0.2"), Dump(report));
        report.Checks.ShouldContain(c => c.Name == $"tls 127.0.0.1:{answered.EndPoint.Port}" && c.Status == CheckStatus.Pass, Dump(report));
        answered.Accepted.Count.ShouldBe(1);
        await WaitUntilAsync(() => !hinted.Accepted.IsEmpty);
        hinted.Accepted.Count.ShouldBe(1, "the hinted address was connected to early, then discarded");
    }

    [Fact]
    public async Task Verify_ReportsTheSame_WithAndWithoutHints()
    {
        await using var relay = new CountingTcpRelay(IPAddress.Loopback, Federation);
        using var withHints = Dns(relay.EndPoint.Port, [IPAddress.Loopback]);
        using var without = Dns(relay.EndPoint.Port, []);

        var hinted = await VerifyAsync(withHints);
        var plain = await VerifyAsync(without);

        string Shape(VerifyReport r) => string.Join("\n", r.Checks.Select(c => $"{c.Status} {c.Name}: {c.Detail}").Where(l => !l.Contains("DNS through", StringComparison.Ordinal)))
            + "\n" + string.Join("\n", r.Findings.Select(f => $"{f.Severity} {f.Code}: {f.Message}"));
        Shape(hinted).ShouldBe(Shape(plain));
        hinted.HasFailures.ShouldBeFalse(Dump(hinted));
    }

    [Fact]
    public async Task LookupSrv_KeepsOnlyTheTargetsAddresses_AtMostFour()
    {
        var many = Enumerable.Range(1, 6).Select(i => IPAddress.Parse($"127.0.1.{i}")).ToList();
        using var dns = ScriptedDnsServer.Start(q => new ScriptedAnswer(
            [new SrvRecord(q.Name, 300, 10, 0, 8448, ScriptedAnswer.Name(Target))],
            [
                .. many.Select(a => new ARecord(ScriptedAnswer.Name(Target), 300, a)),
                new ARecord(ScriptedAnswer.Name("elsewhere.example."), 300, IPAddress.Parse("192.0.2.1")),
                new AaaaRecord(ScriptedAnswer.Name(Target), 300, IPAddress.IPv6Loopback),
            ]));
        var resolver = new DiscoveryDns(dns.EndPoint, TimeSpan.FromSeconds(5));

        var lookup = await resolver.LookupSrvAsync(DnsName.Parse("_matrix-fed._tcp.ok.test"), CancellationToken.None);

        lookup.Outcome.ShouldBe(LookupOutcome.Found);
        lookup.AddressHints.Keys.ShouldBe([DnsName.Parse("matrix.ok.test")]);
        lookup.AddressHints[DnsName.Parse("matrix.ok.test")].Count.ShouldBe(4);
        lookup.AddressHints.Values.SelectMany(a => a).ShouldNotContain(IPAddress.Parse("192.0.2.1"));
    }
}
