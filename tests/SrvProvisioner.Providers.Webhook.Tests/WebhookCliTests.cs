using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Net;
using SrvProvisioner.Testing.Webhook;

namespace SrvProvisioner.Providers.Webhook.Tests;

/// <summary>srvprov as a user runs it with --provider webhook, against the test webhook server on loopback.</summary>
[Trait("Category", "Binary")]
public sealed class WebhookCliTests : IAsyncLifetime
{
    private const string Fed = "_matrix-fed._tcp.example.com";
    private const string Legacy = "_matrix._tcp.example.com";

    private WebhookScope _scope = null!;

    private WebhookTestServer Server => _scope.Server;

    // Target lookups outside the zone go to a loopback port where nothing answers, so these
    // tests never depend on the machine's resolver; in-zone targets are read from GET /records.
    private string[] Delegation => ["--provider", "webhook", "--webhook-url", _scope.Url, "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9"];

    public async Task InitializeAsync() => _scope = await WebhookScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    private Task<SrvprovResult> Run(params string[] args) => SrvprovProcess.RunAsync(args, null, workingDirectory: _scope.Home);

    private int Writes => Server.Count("POST", "/records");

    [Fact]
    public async Task PlanApplyPlan_CreatesBothSetsInTheProtocolsShape_ThenHasNothingToDo()
    {
        var plan = await Run(["plan", .. Delegation, "--format", "json", "--detailed-exitcode"]);

        plan.ExitCode.ShouldBe(2, plan.ToString());
        using (var json = JsonDocument.Parse(plan.Stdout))
        {
            var changes = json.RootElement.GetProperty("changes").EnumerateArray().ToList();
            changes.Select(c => c.GetProperty("action").GetString()).ShouldBe(["create", "create"]);
            changes.Select(c => c.GetProperty("after")[0].GetString()).ShouldAllBe(a => a == "10 0 8448 matrix.example.com.");
        }

        Writes.ShouldBe(0);
        var apply = await Run(["apply", "--skip-proof", .. Delegation, "--yes"]);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        var log = Server.RequestLog().ToList();
        log.IndexOf("POST /adjustendpoints 200").ShouldBeLessThan(log.IndexOf("POST /records 204"));
        var write = Server.AppliedWrites().ShouldHaveSingleItem();
        var created = write["create"]!.AsArray().Select(n => n!.AsObject()).OrderBy(e => e["dnsName"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        created.Select(e => e["dnsName"]!.GetValue<string>()).ShouldBe([Fed, Legacy]);
        created.ShouldAllBe(e => e["recordType"]!.GetValue<string>() == "SRV" && e["recordTTL"]!.GetValue<long>() == 3600);
        Server.Targets(Fed, "SRV").ShouldBe(["10 0 8448 matrix.example.com"]);
        Server.Targets(Legacy, "SRV").ShouldBe(["10 0 8448 matrix.example.com"]);

        var again = await Run(["plan", .. Delegation, "--detailed-exitcode"]);
        again.ExitCode.ShouldBe(0, again.ToString());
        (await Run(["apply", "--skip-proof", .. Delegation, "--yes"])).ExitCode.ShouldBe(0);
        Writes.ShouldBe(1);
    }

    [Fact]
    public async Task Apply_UpdatesBothSets_CarryingSetIdentifierLabelsAndProviderSpecificUnchanged()
    {
        foreach (var name in new[] { Fed, Legacy })
        {
            Server.Put(Endpoint(name, 300, "5 0 443 old.example.net"));
        }

        var apply = await Run(["apply", "--skip-proof", .. Delegation, "--yes"]);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        var write = Server.AppliedWrites().ShouldHaveSingleItem();
        write["create"]?.AsArray().ShouldBeEmpty();
        var old = write["updateOld"]!.AsArray();
        var updated = write["updateNew"]!.AsArray();
        old.Count.ShouldBe(2);
        updated.Count.ShouldBe(2);
        for (var i = 0; i < 2; i++)
        {
            var before = old[i]!.AsObject();
            var after = updated[i]!.AsObject();
            JsonNode.DeepEquals(before, Endpoint(before["dnsName"]!.GetValue<string>(), 300, "5 0 443 old.example.net")).ShouldBeTrue(before.ToJsonString());
            after["dnsName"]!.GetValue<string>().ShouldBe(before["dnsName"]!.GetValue<string>());
            after["setIdentifier"]!.GetValue<string>().ShouldBe("primary");
            JsonNode.DeepEquals(after["labels"], before["labels"]).ShouldBeTrue();
            JsonNode.DeepEquals(after["providerSpecific"], before["providerSpecific"]).ShouldBeTrue();
            after["targets"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["10 0 8448 matrix.example.com"]);
            after["recordTTL"]!.GetValue<long>().ShouldBe(3600);
        }

        (await Run(["plan", .. Delegation, "--detailed-exitcode"])).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task ApplyPlanFile_RefusesAStalePlan_WhenASetChangedAfterThePlan_AndWritesNothing()
    {
        Server.Put(Legacy, "SRV", 300, "10 0 8448 old.example.com");
        var planFile = Path.Combine(_scope.Home, "plan.json");
        var plan = await Run(["plan", .. Delegation, "--out", planFile]);
        plan.ExitCode.ShouldBe(0, plan.ToString());
        Server.Put(Legacy, "SRV", 300, "5 0 443 someone-else.example.net");

        var apply = await Run(["apply", planFile, "--skip-proof"]);

        apply.ExitCode.ShouldBe(1, apply.ToString());
        apply.Stderr.ShouldContain("changed since plan");
        apply.Stderr.ShouldContain(Legacy);
        Writes.ShouldBe(0);
        Server.Targets(Legacy, "SRV").ShouldBe(["5 0 443 someone-else.example.net"]);
        Server.Find(Fed, "SRV").ShouldBeNull();
    }

    [Fact]
    public async Task Apply_RetriesA503FromTheWebhook_ThenSucceeds()
    {
        var unavailable = new WebhookFaultRule(WebhookFaultKind.ServiceUnavailable) { Method = "POST", Path = "/records", FirstN = 2 };
        Server.AddFault(unavailable);

        var apply = await Run(["apply", "--skip-proof", .. Delegation, "--yes"]);

        apply.ExitCode.ShouldBe(0, apply.ToString());
        unavailable.Fired.ShouldBe(2);
        Server.RequestLog().Where(l => l.StartsWith("POST /records", StringComparison.Ordinal)).ShouldBe(["POST /records 503", "POST /records 503", "POST /records 204"]);
        Server.Targets(Fed, "SRV").ShouldBe(["10 0 8448 matrix.example.com"]);
    }

    [Fact]
    public async Task Apply_DoesNotRetryA400_AndSaysNothingWasWritten()
    {
        Server.AddFault(new WebhookFaultRule(WebhookFaultKind.BadRequest) { Method = "POST", Path = "/records" });

        var apply = await Run(["apply", "--skip-proof", .. Delegation, "--yes"]);

        apply.ExitCode.ShouldBe(1, apply.ToString());
        Writes.ShouldBe(1);
        apply.Stderr.ShouldContain("HTTP 400");
        apply.Stderr.ShouldContain("the DNS host refused the request");
        apply.Stderr.ShouldContain("Nothing was written");
        apply.Stderr.ShouldNotContain("   at ");
        apply.Stderr.Trim().Split('\n').Length.ShouldBe(1);
        Server.Find(Fed, "SRV").ShouldBeNull();
    }

    [Theory]
    [InlineData("application/external.dns.webhook+json;version=2")]
    [InlineData("application/json")]
    public async Task Plan_RefusesAWebhookOfAnotherMediaTypeOrVersion_NamingBoth(string answered)
    {
        Server.AnswerContentType = answered;

        var plan = await Run(["plan", .. Delegation]);

        plan.ExitCode.ShouldBe(1, plan.ToString());
        plan.Stderr.ShouldContain($"'{answered}'");
        plan.Stderr.ShouldContain("'application/external.dns.webhook+json;version=1'");
        plan.Stderr.Trim().Split('\n').Length.ShouldBe(1);
        Server.Count("GET", "/records").ShouldBe(0);
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("chat.internal.example.com")]
    public async Task Plan_RefusesAServerNameOutsideEveryFilter_ListingTheFilter(string serverName)
    {
        Server.DomainFilterJson = """{"include":["example.com"],"exclude":["internal.example.com"]}""";

        var plan = await Run(["plan", "--provider", "webhook", "--webhook-url", _scope.Url, "--server-name", serverName, "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9"]);

        plan.ExitCode.ShouldBe(1, plan.ToString());
        plan.Stderr.ShouldContain("include [example.com], exclude [internal.example.com]");
        plan.Stderr.ShouldContain(serverName);
        Server.Count("GET", "/records").ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"include":["example.com","chat.example.com"],"exclude":["internal.example.com"]}""")]
    [InlineData("""{"filters":["example.com","chat.example.com"]}""")]
    public async Task Plan_PicksTheLongestIncludedDomain_InBothFilterForms(string filter)
    {
        Server.DomainFilterJson = filter;
        var planFile = Path.Combine(_scope.Home, "plan.json");

        var plan = await Run(["plan", "--provider", "webhook", "--webhook-url", _scope.Url, "--server-name", "chat.example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9", "--out", planFile]);

        plan.ExitCode.ShouldBe(0, plan.ToString());
        var zone = JsonNode.Parse(await File.ReadAllTextAsync(planFile))!["zone"]!["name"]!.GetValue<string>();
        zone.ShouldBe("chat.example.com.");
    }

    [Fact]
    public async Task Plan_WithAnEmptyFilter_NeedsTheZone_AndThenUsesIt()
    {
        Server.DomainFilterJson = "{}";

        var without = await Run(["plan", .. Delegation]);
        var with = await Run(["apply", "--skip-proof", .. Delegation, "--webhook-zone", "example.com", "--yes"]);

        without.ExitCode.ShouldBe(1, without.ToString());
        without.Stderr.ShouldContain("--webhook-zone");
        with.ExitCode.ShouldBe(0, with.ToString());
        Server.Targets(Fed, "SRV").ShouldBe(["10 0 8448 matrix.example.com"]);
    }

    [Fact]
    public async Task Plan_ShowsWhatTheWebhookAdjusts_AndPlanApplyPlanStillConverges()
    {
        Server.MinTtl = 300;

        var plan = await Run(["plan", .. Delegation, "--ttl", "60", "--format", "json"]);

        plan.ExitCode.ShouldBe(0, plan.ToString());
        using (var json = JsonDocument.Parse(plan.Stdout))
        {
            json.RootElement.GetProperty("findings").EnumerateArray().Count(f => f.GetProperty("code").GetString() == "srv-provider-adjusted").ShouldBe(2);
        }

        (await Run(["apply", "--skip-proof", .. Delegation, "--ttl", "60", "--yes"])).ExitCode.ShouldBe(0);
        Server.Find(Fed, "SRV")!["recordTTL"]!.GetValue<long>().ShouldBe(300);
        var again = await Run(["plan", .. Delegation, "--ttl", "60", "--detailed-exitcode"]);
        again.ExitCode.ShouldBe(0, again.ToString());
    }

    [Fact]
    public async Task Plan_RefusesPlainHttpToAnotherHost_WithoutSendingAnything()
    {
        var plan = await Run(["plan", "--provider", "webhook", "--webhook-url", "http://192.0.2.1:8888", "--server-name", "example.com", "--target", "matrix.example.com:8448"]);

        plan.ExitCode.ShouldBe(1, plan.ToString());
        plan.Stderr.ShouldContain("https");
        plan.Stderr.ShouldContain("loopback");
    }

    [Fact]
    public async Task Plan_GivesUpOnASlowWebhook_AfterItsTimeout_WithOneClearLine()
    {
        Server.AddFault(new WebhookFaultRule(WebhookFaultKind.Slow) { Method = "GET", Path = "/records", Delay = TimeSpan.FromSeconds(10) });

        var plan = await Run(["plan", .. Delegation, "--webhook-timeout", "300ms"]);

        plan.ExitCode.ShouldBe(1, plan.ToString());
        plan.Stderr.ShouldContain("no answer to GET /records within 0.3 s");
        plan.Stderr.ShouldContain("--webhook-timeout");
        plan.Stderr.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Fleet_OfAThousandDomainsOnOneWebhook_ReadsRecordsOnce_AndOncePerApplyBatch()
    {
        const int Domains = 1000;
        var fleet = new StringBuilder();
        fleet.Append(CultureInfo.InvariantCulture, $$"""
            version: 1
            defaults:
              provider: hook
            providers:
              hook:
                type: webhook
                options:
                  webhook-url: "{{_scope.Url}}"
            domains:

            """);
        for (var i = 0; i < Domains; i++)
        {
            fleet.Append(CultureInfo.InvariantCulture, $"  - server-name: customer{i}.example.com\n    targets: [matrix.example.com:8448]\n");
        }

        var path = Path.Combine(_scope.Home, "fleet.yaml");
        await File.WriteAllTextAsync(path, fleet.ToString());

        var plan = await SrvprovProcess.RunAsync(["plan", "--file", path, "--dns-server", "127.0.0.1:9", "--format", "json"], null, _scope.Home, TimeSpan.FromMinutes(4));

        plan.ExitCode.ShouldBe(0, plan.ToString());
        Server.Count("GET", "/").ShouldBe(1);
        Server.Count("GET", "/records").ShouldBe(1);
        Writes.ShouldBe(0);

        Server.ResetLog();
        // The proof gate (issue 11) needs a reachable target; this test is about reads and batches.
        var apply = await SrvprovProcess.RunAsync(["apply", "--file", path, "--dns-server", "127.0.0.1:9", "--yes", "--skip-proof"], null, _scope.Home, TimeSpan.FromMinutes(4));

        apply.ExitCode.ShouldBe(0, apply.ToString());
        // One read for the fleet's plan, one re-read before each batch of 100 domains.
        Server.Count("GET", "/records").ShouldBe(1 + (Domains / 100));
        Writes.ShouldBe(Domains / 100);
        Server.Endpoints().Count(e => e["recordType"]!.GetValue<string>() == "SRV").ShouldBe(2 * Domains);
    }

    [Fact]
    public async Task Providers_ListsTheWebhook_WithoutClaimingAtomicOrConditionalWrites()
    {
        var r = await Run("providers");

        r.ExitCode.ShouldBe(0, r.ToString());
        var lines = r.Stdout.Split('\n').SkipWhile(l => !l.StartsWith("webhook:", StringComparison.Ordinal)).ToList();
        lines.ShouldNotBeEmpty(r.Stdout);
        lines[0].ShouldContain("Not atomic and not conditional");
        lines[0].ShouldContain("re-reads GET /records");
        lines[1].Trim().ShouldBe("capabilities: none");
        lines.ShouldContain(l => l.TrimStart().StartsWith("--webhook-url URL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_WithNoWebhookListening_IsOneClearLine()
    {
        var nobody = $"http://127.0.0.1:{FreePort.Find().ToString(CultureInfo.InvariantCulture)}/";

        var plan = await Run(["plan", "--provider", "webhook", "--webhook-url", nobody, "--server-name", "example.com", "--target", "matrix.example.com:8448", "--dns-server", "127.0.0.1:9"]);

        plan.ExitCode.ShouldBe(1, plan.ToString());
        plan.Stderr.ShouldContain($"Could not reach the webhook at {nobody}");
        plan.Stderr.ShouldContain("--webhook-url");
        plan.Stderr.Trim().Split('\n').Length.ShouldBe(1);
    }

    /// <summary>An endpoint as a provider with routing policies lists it: set identifier, owner labels, a provider-specific flag.</summary>
    private static JsonObject Endpoint(string name, long ttl, string target) => new()
    {
        ["dnsName"] = name,
        ["targets"] = new JsonArray(target),
        ["recordType"] = "SRV",
        ["setIdentifier"] = "primary",
        ["recordTTL"] = ttl,
        ["labels"] = new JsonObject { ["owner"] = "srvprov-test", ["resource"] = "manual" },
        ["providerSpecific"] = new JsonArray(new JsonObject { ["name"] = "alias", ["value"] = "false" }),
    };
}
