using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.Verify;

/// <summary><c>srvprov verify</c> end to end: the real program against real BIND and nginx.</summary>
[Trait("Category", "Binary")]
public sealed class VerifyCliTests(VerifyLabFixture fixture) : IClassFixture<VerifyLabFixture>
{
    private Task<SrvprovResult> VerifyAsync(params string[] args) =>
        SrvprovProcess.RunAsync(["verify", .. args, .. fixture.Lab.Options]);

    private static JsonObject Json(SrvprovResult result) => JsonNode.Parse(result.Stdout)!.AsObject();

    private static List<string> FailedChecks(JsonObject json) =>
        [.. json["checks"]!.AsArray().Where(c => c!["status"]!.GetValue<string>() == "fail").Select(c => c!["name"]!.GetValue<string>().Split(' ')[0])];

    [Fact]
    public async Task CorrectSetup_ExitsZero_WithTheJsonContract()
    {
        var result = await VerifyAsync("--server-name", "ok.test", "--expect-target", "matrix.ok.test:8448", "--format", "json");

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = Json(result);
        json.Select(p => p.Key).ShouldBe(["serverName", "checks", "findings"]);
        json["serverName"]!.GetValue<string>().ShouldBe("ok.test");
        foreach (var check in json["checks"]!.AsArray())
        {
            check!.AsObject().Select(p => p.Key).ShouldBe(["name", "status", "detail"]);
            check["status"]!.GetValue<string>().ShouldBeOneOf("pass", "skip");
        }

        json["checks"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ShouldContain("expect-target");
    }

    [Theory]
    [InlineData("targetonly.test", "certificate-name", "certificate-for-target-only")]
    [InlineData("wildcard.test", "certificate-name", "certificate-wildcard-not-apex")]
    [InlineData("servfail.test", "srv-fed", "dns-lookup-failed")]
    [InlineData("cname.test", "srv-target-cname", "srv-target-is-cname")]
    [InlineData("mismatch.test", "srv-agreement", "srv-fed-legacy-mismatch")]
    [InlineData("proxy404.test", "key-endpoint", "proxy-rejects-server-name")]
    public async Task FailingCase_ExitsTwo_NamingTheCheckAndFinding(string serverName, string check, string code)
    {
        var result = await VerifyAsync("--server-name", serverName, "--format", "json");

        result.ExitCode.ShouldBe(2, result.ToString());
        var json = Json(result);
        FailedChecks(json).ShouldContain(check, result.ToString());
        json["findings"]!.AsArray().Select(f => f!["code"]!.GetValue<string>()).ShouldContain(code, result.ToString());
        result.Stderr.ShouldBeEmpty();
    }

    [Fact]
    public async Task WellKnownWithExpectTargetElsewhere_ExitsTwo_OnExpectTarget()
    {
        var result = await VerifyAsync("--server-name", "wk.test", "--expect-target", $"other.wk.test:{fixture.Lab.FedPort}", "--format", "json");

        result.ExitCode.ShouldBe(2, result.ToString());
        FailedChecks(Json(result)).ShouldBe(["expect-target"]);
    }

    [Fact]
    public async Task Ipv6Target_ExitsZero()
    {
        var result = await VerifyAsync("--server-name", "v6.test");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain($"tcp [::1]:{fixture.Lab.FedPort6}");
    }

    [Fact]
    public async Task Text_IsATable_WithTheVerdict_AndNoColourWithoutATerminal()
    {
        var result = await VerifyAsync("--server-name", "targetonly.test");

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stdout.ShouldContain("STATUS");
        result.Stdout.ShouldContain("FAIL    certificate-name 127.0.0.1:");
        result.Stdout.ShouldContain("certificate-for-target-only");
        result.Stdout.TrimEnd().Split('\n')[^1].ShouldStartWith("NOT OK:");
        result.Stdout.ShouldNotContain("\u001b[");
    }

    [Fact]
    public async Task CertFile_ChecksOffline_ExitTwoForTheTargetOnly_ZeroForTheServerName()
    {
        var bad = fixture.Lab.WriteCertificate("cli-target-only", ["matrix.example.com"]);
        var good = fixture.Lab.WriteCertificate("cli-good", ["example.com"]);

        var failing = await SrvprovProcess.RunAsync(["verify", "--server-name", "example.com", "--cert-file", bad, "--ca-file", fixture.Lab.CaFile, "--format", "json"]);
        var passing = await SrvprovProcess.RunAsync(["verify", "--server-name", "example.com", "--cert-file", good, "--ca-file", fixture.Lab.CaFile, "--format", "json"]);

        failing.ExitCode.ShouldBe(2, failing.ToString());
        FailedChecks(Json(failing)).ShouldBe(["certificate-name"]);
        passing.ExitCode.ShouldBe(0, passing.ToString());
    }

    [Theory]
    [InlineData("--connect-to", "a:1:b")]
    [InlineData("--timeout", "soon")]
    [InlineData("--dns-server", "not-an-ip")]
    [InlineData("--expect-target", "matrix.example.com")]
    [InlineData("--ca-file", "/nonexistent/ca.pem")]
    public async Task BadInput_IsOneErrorLine_AndExitOne(string option, string value)
    {
        var result = await SrvprovProcess.RunAsync(["verify", "--server-name", "example.com", option, value]);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldStartWith("error: ");
        result.Stderr.ShouldContain(option);
    }

    [Fact]
    public async Task PlanCheckLive_ReportsTheServedWellKnown_AsAnError()
    {
        var dir = Directory.CreateTempSubdirectory("srvprov-checklive-").FullName;
        var zone = Path.Combine(dir, "wk.test.zone");
        await File.WriteAllTextAsync(zone, "$ORIGIN wk.test.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 127.0.0.1\n");
        var result = await SrvprovProcess.RunAsync(["plan", "--zone-file", zone, "--server-name", "wk.test", "--target", "matrix.wk.test", "--check-live", "--connect-to", fixture.Lab.ConnectTo[0], "--ca-file", fixture.Lab.CaFile, "--dns-server", fixture.Lab.Bind.Address, "--format", "json"]);
        Directory.Delete(dir, true);

        result.ExitCode.ShouldBe(0, result.ToString());
        var finding = Json(result)["findings"]!.AsArray().Single(f => f!["code"]!.GetValue<string>() == "well-known-served")!;
        finding["severity"]!.GetValue<string>().ShouldBe("error");
        finding["message"]!.GetValue<string>().ShouldContain("well-known takes precedence over SRV; remove it from the server that answered (Server: nginx");
    }

    [Theory]
    [InlineData(true, 0, "pass", "trusted by the system store")]
    [InlineData(false, 2, "fail", "not trusted")]
    public async Task WithoutCaFile_TheChainIsJudgedByTheSystemStoreFiles(bool storeHasTheLabCa, int exitCode, string status, string detail)
    {
        // The system store as OpenSSL finds it (SSL_CERT_FILE, SSL_CERT_DIR). verify keeps the
        // platform's own copy of it empty (PlatformStoreIsolation) and anchors chains through
        // its own index of these files: the verdict must still follow the store's content.
        var store = Directory.CreateTempSubdirectory("srvprov-store-").FullName;
        try
        {
            var bundle = Path.Combine(store, "bundle.pem");
            File.Copy(storeHasTheLabCa ? fixture.Lab.CaFile : fixture.Lab.RogueCa.WriteCaFile(store, "rogue.pem"), bundle);
            string[] noCaFile = ["--dns-server", fixture.Lab.Bind.Address, .. fixture.Lab.ConnectTo.SelectMany(c => new[] { "--connect-to", c }), "--timeout", "20s"];

            var result = await SrvprovProcess.RunAsync(
                ["verify", "--server-name", "ok.test", "--format", "json", .. noCaFile],
                new Dictionary<string, string?> { ["SSL_CERT_FILE"] = bundle, ["SSL_CERT_DIR"] = Path.Combine(store, "no-such-dir") });

            result.ExitCode.ShouldBe(exitCode, result.ToString());
            var chains = Json(result)["checks"]!.AsArray().Where(c => c!["name"]!.GetValue<string>().StartsWith("certificate-chain ", StringComparison.Ordinal)).ToList();
            chains.ShouldNotBeEmpty(result.ToString());
            chains.ShouldAllBe(c => c!["status"]!.GetValue<string>() == status && c["detail"]!.GetValue<string>().StartsWith(detail, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(store, true);
        }
    }

    [Fact]
    public async Task TargetUnreachable_WhileDnsAnswers_IsAFailingCheck_NotOffline()
    {
        // DNS answers (the lab's BIND); the federation port is closed: the domain is broken, exit 2.
        var result = await SrvprovProcess.RunAsync(["verify", "--server-name", $"port.test:{fixture.Lab.DeadPort}", "--dns-server", fixture.Lab.Bind.Address, "--timeout", "10s", "--format", "json"]);

        result.ExitCode.ShouldBe(2, result.ToString());
        var json = Json(result);
        FailedChecks(json).ShouldNotBeEmpty();
        json["findings"]!.AsArray().Select(f => f!["code"]!.GetValue<string>()).ShouldNotContain("could-not-check");
        result.Stdout.ShouldNotContain("could not check");
    }
}
