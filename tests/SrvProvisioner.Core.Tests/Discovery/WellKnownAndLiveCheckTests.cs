using System.Net;
using System.Net.Sockets;
using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Tests.Discovery;

/// <summary>The well-known fetch's edge cases, plan's --check-live and --cert-file, and a resolver that never answers.</summary>
public sealed class WellKnownAndLiveCheckTests(FederationLabFixture fixture) : IClassFixture<FederationLabFixture>
{
    private async Task<WellKnownResult> FetchAsync(string name)
    {
        using var engine = new VerifyEngine(fixture.Settings);
        return await engine.WellKnown.FetchAsync(MatrixServerName.Parse(name), CancellationToken.None);
    }

    private static PlanRequest Request(string serverName, string target) =>
        new(new DelegationRequest(DnsName.ParseServerName(serverName), [SrvRecord.Parse($"10 0 8448 {target}.")], 3600, MatrixServerNamesBoth()));

    private static MatrixServices MatrixServerNamesBoth() => MatrixServices.Both;

    [Fact]
    public async Task RedirectLoop_IsInvalid_AndStops()
    {
        var result = await FetchAsync("loop.test");

        result.IsValid.ShouldBeFalse();
        result.Reason.ShouldContain("redirect loop");
    }

    [Fact]
    public async Task BodyOver50KiB_IsInvalid()
    {
        var result = await FetchAsync("big.test");

        result.IsValid.ShouldBeFalse();
        result.Reason.ShouldContain("50 KiB");
    }

    [Fact]
    public async Task BadJson_IsInvalid()
    {
        var result = await FetchAsync("badjson.test");

        result.IsValid.ShouldBeFalse();
        result.Reason.ShouldContain("not JSON");
    }

    [Fact]
    public async Task NotServed_Is404_WithTheServerHeader()
    {
        var result = await FetchAsync("ok.test");

        result.IsValid.ShouldBeFalse();
        result.StatusCode.ShouldBe(404);
        result.ServerHeader!.ShouldStartWith("nginx");
    }

    [Fact]
    public async Task CheckLive_ServedWellKnown_IsAnErrorFinding_NamingWhatServedIt()
    {
        var check = new LiveWellKnownCheck(fixture.Settings);
        var request = Request("redir.test", "matrix.redir.test") with { CheckLive = true };

        check.AppliesTo(request).ShouldBeTrue();
        var findings = await check.RunAsync(request, CancellationToken.None);

        var finding = findings.ShouldHaveSingleItem();
        finding.Severity.ShouldBe(Severity.Error);
        finding.Code.ShouldBe(DiscoveryFindingCodes.WellKnownServed);
        finding.Message.ShouldContain("well-known takes precedence over SRV; remove it from the server that answered (Server: nginx");
        finding.Message.ShouldContain("301 https://redir.test/.well-known/matrix/server -> https://wk.test/.well-known/matrix/server");
    }

    [Fact]
    public async Task CheckLive_NotServed_IsInfo()
    {
        var findings = await new LiveWellKnownCheck(fixture.Settings).RunAsync(Request("ok.test", "matrix.ok.test") with { CheckLive = true }, CancellationToken.None);

        findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Info);
    }

    [Fact]
    public void CheckLive_DoesNotApply_WithoutTheFlag() =>
        new LiveWellKnownCheck(fixture.Settings).AppliesTo(Request("ok.test", "matrix.ok.test")).ShouldBeFalse();

    [Fact]
    public async Task CertFile_ForTheTargetOnly_IsAnErrorFinding()
    {
        var pem = fixture.Lab.WriteCertificate("target-only", ["matrix.example.com"]);
        var request = Request("example.com", "matrix.example.com") with { CertificateFile = pem };
        var check = new CertificateFileCheck(fixture.Lab.CaFile);

        check.AppliesTo(request).ShouldBeTrue();
        var findings = await check.RunAsync(request, CancellationToken.None);

        findings.ShouldContain(f => f.Code == DiscoveryFindingCodes.CertificateForTargetOnly && f.Severity == Severity.Error);
    }

    [Fact]
    public async Task CertFile_Good_IsInfoWithTheExpiryDate()
    {
        var until = DateTimeOffset.UtcNow.AddDays(60);
        var pem = fixture.Lab.WriteCertificate("good", ["example.com", "matrix.example.com"], notAfter: until);

        var findings = await new CertificateFileCheck(fixture.Lab.CaFile).RunAsync(Request("example.com", "matrix.example.com") with { CertificateFile = pem }, CancellationToken.None);

        var finding = findings.ShouldHaveSingleItem();
        finding.Code.ShouldBe(DiscoveryFindingCodes.CertificateOk);
        finding.Message.ShouldContain(until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CertFile_ExpiringSoon_IsAWarning()
    {
        var pem = fixture.Lab.WriteCertificate("soon", ["example.com"], notAfter: DateTimeOffset.UtcNow.AddDays(3));

        var findings = await new CertificateFileCheck(fixture.Lab.CaFile).RunAsync(Request("example.com", "matrix.example.com") with { CertificateFile = pem }, CancellationToken.None);

        findings.ShouldHaveSingleItem().Code.ShouldBe(DiscoveryFindingCodes.CertificateExpiresSoon);
    }

    [Fact]
    public async Task SilentResolver_CouldNotCheck_EveryCheckSkipped_NotAFailureOrAnException()
    {
        // A UDP socket that never answers, and a closed TCP port: every DNS query times out.
        // No DNS answer at all is this machine's state (offline), not the zone's fault (issue 18).
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var settings = fixture.Settings with { DnsServer = silent.LocalEndPoint!.ToString(), Timeout = TimeSpan.FromSeconds(2) };
        using var engine = new VerifyEngine(settings);

        var report = await engine.VerifyAsync(MatrixServerName.Parse("ok.test"), null, CancellationToken.None);

        report.CouldNotCheck.ShouldNotBeNull();
        report.HasFailures.ShouldBeFalse();
        report.Checks.ShouldNotBeEmpty();
        report.Checks.ShouldAllBe(c => c.Status == CheckStatus.Skip);
        report.Checks.ShouldNotContain(c => c.Name.StartsWith("tcp "));
        report.Findings.ShouldHaveSingleItem().Code.ShouldBe(DiscoveryFindingCodes.CouldNotCheck);
    }

    [Fact]
    public async Task ResolverThatAnswersSome_IsNotOffline_ItsTimeoutsStayFailingChecks()
    {
        // The lab's BIND answers: a lookup that fails there is the zone's fault, not offline.
        using var engine = new VerifyEngine(fixture.Settings);

        var report = await engine.VerifyAsync(MatrixServerName.Parse("servfail.test"), null, CancellationToken.None);

        report.CouldNotCheck.ShouldBeNull();
        report.HasFailures.ShouldBeTrue();
    }
}
