using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Tests.Discovery;

/// <summary>
/// Each discovery case against real BIND and nginx: the verdict a current homeserver would
/// reach, with the failing check named.
/// </summary>
public sealed class VerifyEngineTests(FederationLabFixture fixture) : IClassFixture<FederationLabFixture>
{
    private async Task<VerifyReport> VerifyAsync(string serverName, string? expect = null)
    {
        using var engine = new VerifyEngine(fixture.Settings);
        return await engine.VerifyAsync(MatrixServerName.Parse(serverName), expect is null ? null : HostAndPort.Parse(expect, "--expect-target"), CancellationToken.None);
    }

    private static IEnumerable<VerifyCheck> Failed(VerifyReport r) => r.Checks.Where(c => c.Status == CheckStatus.Fail);

    private static string Dump(VerifyReport r) =>
        string.Join("\n", r.Checks.Select(c => $"{c.Status} {c.Name}: {c.Detail}")) + "\n" + string.Join("\n", r.Findings.Select(f => $"{f.Severity} {f.Code}: {f.Message}"));

    [Fact]
    public async Task CorrectSetup_PassesEveryCheck_AndProbesTheEndpoint()
    {
        var report = await VerifyAsync("ok.test");

        report.HasFailures.ShouldBeFalse(Dump(report));
        report.Checks.ShouldContain(c => c.Name == "discovery" && c.Detail.Contains("step 4") && c.Detail.Contains("matrix.ok.test:8448"), Dump(report));
        report.Checks.ShouldContain(c => c.Name.StartsWith("key-endpoint ") && c.Status == CheckStatus.Pass && c.Detail.Contains("server_name ok.test"), Dump(report));
        report.Checks.ShouldContain(c => c.Name.StartsWith("version-endpoint ") && c.Status == CheckStatus.Pass, Dump(report));
        report.Checks.ShouldContain(c => c.Name == "srv-agreement" && c.Status == CheckStatus.Pass, Dump(report));
        report.Checks.ShouldContain(c => c.Name == "addresses matrix.ok.test" && c.Status == CheckStatus.Skip && c.Detail.Contains("--connect-to"), Dump(report));
    }

    [Fact]
    public async Task ExpectTarget_Passes_WhenDiscoveryLandsThere()
    {
        var report = await VerifyAsync("ok.test", "matrix.ok.test:8448");

        report.Checks.ShouldContain(c => c.Name == "expect-target" && c.Status == CheckStatus.Pass, Dump(report));
        report.HasFailures.ShouldBeFalse(Dump(report));
    }

    [Fact]
    public async Task ServedWellKnown_TakesPrecedenceOverSrv_AndIsAWarning()
    {
        var report = await VerifyAsync("wk.test");

        report.HasFailures.ShouldBeFalse(Dump(report));
        var finding = report.Findings.Single(f => f.Code == DiscoveryFindingCodes.WellKnownServed);
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Message.ShouldContain("Server: nginx");
        finding.Message.ShouldContain("_matrix-fed._tcp.wk.test.");
        report.Checks.ShouldContain(c => c.Name == "discovery" && c.Detail.Contains("step 3"), Dump(report));
        report.Checks.ShouldContain(c => c.Name.StartsWith("tls ") && c.Detail.Contains("SNI matrix.wk.test"), Dump(report));
        report.Checks.ShouldNotContain(c => c.Name.Contains("other.wk.test"), Dump(report));
    }

    [Fact]
    public async Task ServedWellKnown_FailsExpectTarget_WhenTheSrvTargetIsExpected()
    {
        var report = await VerifyAsync("wk.test", $"other.wk.test:{fixture.Lab.FedPort}");

        Failed(report).Select(c => c.Name).ShouldBe(["expect-target"], Dump(report));
        Failed(report).Single().Detail.ShouldContain("well-known");
    }

    [Fact]
    public async Task WellKnownRedirect_IsFollowed_AndTheChainIsEvidence()
    {
        var report = await VerifyAsync("redir.test");

        var wellKnown = report.Checks.Single(c => c.Name == "well-known");
        wellKnown.Detail.ShouldContain("301 https://redir.test/.well-known/matrix/server -> https://wk.test/.well-known/matrix/server");
        report.Findings.ShouldContain(f => f.Code == DiscoveryFindingCodes.WellKnownServed);
    }

    [Fact]
    public async Task FedAndLegacyDisagree_FailsSrvAgreement()
    {
        var report = await VerifyAsync("mismatch.test");

        Failed(report).Select(c => c.Name).ShouldBe(["srv-agreement"], Dump(report));
        report.Findings.ShouldContain(f => f.Code == FindingCodes.FedLegacyMismatch && f.Severity == Severity.Error);
    }

    [Fact]
    public async Task SrvTargetIsACname_FailsTheCnameCheck()
    {
        var report = await VerifyAsync("cname.test");

        Failed(report).Select(c => c.Name).ShouldBe(["srv-target-cname alias.cname.test"], Dump(report));
        report.Findings.ShouldContain(f => f.Code == FindingCodes.TargetIsCname && f.Message.Contains("real.cname.test"));
    }

    [Fact]
    public async Task ServfailOnTheFedName_FailsWithoutFallingBackToLegacy()
    {
        var report = await VerifyAsync("servfail.test");

        Failed(report).Select(c => c.Name).ShouldBe(["srv-fed _matrix-fed._tcp.servfail.test."], Dump(report));
        Failed(report).Single().Detail.ShouldContain("SERVFAIL");
        report.Checks.ShouldContain(c => c.Name == "srv-legacy _matrix._tcp.servfail.test." && c.Status == CheckStatus.Skip, Dump(report));
        report.Checks.ShouldNotContain(c => c.Name.StartsWith("tcp "), Dump(report));
    }

    [Fact]
    public async Task CertificateForTheTargetOnly_FailsCertificateName_AsTheClassicMistake()
    {
        var report = await VerifyAsync("targetonly.test");

        Failed(report).Select(c => c.Name.Split(' ')[0]).ShouldBe(["certificate-name"], Dump(report));
        report.Findings.ShouldContain(f => f.Code == DiscoveryFindingCodes.CertificateForTargetOnly && f.Message.Contains("matrix.targetonly.test"));
    }

    [Fact]
    public async Task WildcardCertificate_DoesNotCoverTheApex()
    {
        var report = await VerifyAsync("wildcard.test");

        Failed(report).Select(c => c.Name.Split(' ')[0]).ShouldBe(["certificate-name"], Dump(report));
        report.Findings.ShouldContain(f => f.Code == DiscoveryFindingCodes.CertificateWildcardApex);
    }

    [Fact]
    public async Task Ipv6Target_IsProbedOverIpv6()
    {
        var report = await VerifyAsync("v6.test");

        report.HasFailures.ShouldBeFalse(Dump(report));
        report.Checks.ShouldContain(c => c.Name == $"tcp [::1]:{fixture.Lab.FedPort6}" && c.Status == CheckStatus.Pass, Dump(report));
        report.Checks.ShouldContain(c => c.Name == "addresses matrix.v6.test" && c.Detail.Contains("AAAA ::1"), Dump(report));
    }

    [Fact]
    public async Task ProxyAnswering404ForTheBaseDomain_FailsTheKeyEndpoint()
    {
        var report = await VerifyAsync("proxy404.test");

        Failed(report).Select(c => c.Name.Split(' ')[0]).ShouldBe(["key-endpoint", "version-endpoint"], Dump(report));
        report.Findings.ShouldContain(f => f.Code == DiscoveryFindingCodes.ProxyRejectsServerName && f.Message.Contains("Host: proxy404.test"));
    }

    [Fact]
    public async Task CertificateFromAnUntrustedCa_FailsTheChainCheck()
    {
        var report = await VerifyAsync("untrusted.test");

        Failed(report).Select(c => c.Name.Split(' ')[0]).ShouldBe(["certificate-chain"], Dump(report));
    }

    [Fact]
    public async Task ExpiredCertificate_FailsTheValidityCheck()
    {
        var report = await VerifyAsync("expired.test");

        Failed(report).Select(c => c.Name.Split(' ')[0]).ShouldBe(["certificate-validity"], Dump(report));
        report.Findings.ShouldContain(f => f.Code == DiscoveryFindingCodes.CertificateExpired);
    }

    [Fact]
    public async Task ExplicitPort_SkipsWellKnownAndSrv()
    {
        var report = await VerifyAsync($"matrix.wk.test:{fixture.Lab.FedPort}");

        report.Checks.ShouldNotContain(c => c.Name == "well-known" || c.Name.StartsWith("srv-"), Dump(report));
        report.Checks.ShouldContain(c => c.Name.StartsWith("tls ") && c.Status == CheckStatus.Pass, Dump(report));
    }

    [Fact]
    public async Task IpLiteralServerName_IsMatchedAgainstTheIpAddressSan_AndTheKeyNamesItWithThePort()
    {
        var report = await VerifyAsync($"127.0.0.1:{fixture.Lab.IpPort}");

        report.HasFailures.ShouldBeFalse(Dump(report));
        report.Checks.ShouldContain(c => c.Name.StartsWith("certificate-name ") && c.Status == CheckStatus.Pass && c.Detail.Contains("IP:127.0.0.1"), Dump(report));
        report.Checks.ShouldContain(c => c.Name.StartsWith("key-endpoint ") && c.Detail.Contains($"server_name 127.0.0.1:{fixture.Lab.IpPort}"), Dump(report));
    }

    [Fact]
    public async Task HostWithExplicitPort_Passes_WhenTheKeyResponseNamesTheWholeServerName()
    {
        var report = await VerifyAsync($"port.test:{fixture.Lab.FedPort}");

        report.HasFailures.ShouldBeFalse(Dump(report));
        report.Checks.ShouldContain(c => c.Name.StartsWith("key-endpoint ") && c.Detail.Contains($"server_name port.test:{fixture.Lab.FedPort}"), Dump(report));
    }

    [Fact]
    public async Task HostWithExplicitPort_FailsTheKeyCheck_WhenTheHomeserverDropsThePort()
    {
        var report = await VerifyAsync($"noport.test:{fixture.Lab.FedPort}");

        Failed(report).Select(c => c.Name.Split(' ')[0]).ShouldBe(["key-endpoint"], Dump(report));
        report.Findings.ShouldContain(f => f.Code == DiscoveryFindingCodes.KeyServerNameMismatch && f.Message.Contains($"not 'noport.test:{fixture.Lab.FedPort}'"), Dump(report));
    }

    [Fact]
    public async Task ValidWellKnown_DiscardsTheSpeculativeSrvProbe_OfADeadTarget()
    {
        var report = await VerifyAsync("wkdead.test");

        report.HasFailures.ShouldBeFalse(Dump(report));
        report.Checks.ShouldContain(c => c.Name == "discovery" && c.Detail.Contains("step 3"), Dump(report));
        report.Checks.ShouldNotContain(c => c.Name.Contains("dead.wkdead.test") || c.Name.Contains($":{fixture.Lab.DeadPort}") || c.Name.StartsWith("srv-failover"), Dump(report));
        report.Findings.ShouldContain(f => f.Code == DiscoveryFindingCodes.WellKnownServed && f.Message.Contains("_matrix-fed._tcp.wkdead.test."), Dump(report));
    }

    [Fact]
    public async Task ValidWellKnown_Decides_EvenWhenTheSpeculativeSrvPathWorks()
    {
        var report = await VerifyAsync("wkbad.test");

        Failed(report).Select(c => c.Name).ShouldBe([$"tcp 127.0.0.1:{fixture.Lab.DeadPort}"], Dump(report));
        report.Checks.ShouldNotContain(c => c.Name.Contains("good.wkbad.test") || c.Name.StartsWith("key-endpoint"), Dump(report));
        report.Findings.ShouldContain(f => f.Code == DiscoveryFindingCodes.ConnectFailed, Dump(report));
    }

    [Fact]
    public async Task DeadPreferredSrvTarget_IsReported_WithWhatFailoverAndFirstRecordServersDo()
    {
        var report = await VerifyAsync("failover.test");

        report.Checks.ShouldContain(c => c.Name.StartsWith("key-endpoint ") && c.Status == CheckStatus.Pass, Dump(report));
        Failed(report).Select(c => c.Name).ShouldBe([$"tcp 127.0.0.1:{fixture.Lab.DeadPort}", "srv-failover"], Dump(report));
        var finding = report.Findings.Single(f => f.Code == DiscoveryFindingCodes.SrvPreferredTargetDead);
        finding.Severity.ShouldBe(Severity.Error);
        finding.Message.ShouldContain($"dead.failover.test:{fixture.Lab.DeadPort} (priority 10)");
        finding.Message.ShouldContain($"go on to live.failover.test:{fixture.Lab.FedPort} (priority 20), which passes every check");
        finding.Message.ShouldContain("Synapse");
        finding.Message.ShouldContain("Conduit and its forks) do not fail over");
    }

    [Fact]
    public async Task DeadBackupSrvTarget_IsAWarning_ForServersTakingTheFirstRecord()
    {
        var report = await VerifyAsync("backup.test");

        report.Findings.ShouldNotContain(f => f.Code == DiscoveryFindingCodes.SrvPreferredTargetDead, Dump(report));
        var finding = report.Findings.Single(f => f.Code == DiscoveryFindingCodes.SrvTargetDead);
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Message.ShouldContain($"dead.backup.test:{fixture.Lab.DeadPort}");
        finding.Message.ShouldContain("Conduit");
    }
}
