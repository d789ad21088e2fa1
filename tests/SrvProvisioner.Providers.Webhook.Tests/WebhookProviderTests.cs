using System.Text.Json.Nodes;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Testing.Webhook;

namespace SrvProvisioner.Providers.Webhook.Tests;

/// <summary>The provider in process against the test webhook: what it sends, and what it reads how often.</summary>
public sealed class WebhookProviderTests : IAsyncLifetime
{
    private const string Fed = "_matrix-fed._tcp.example.com";

    private static readonly RecordSetKey FedSrv = new(DnsName.Parse(Fed), RecordType.Srv);

    private WebhookScope _scope = null!;

    private WebhookTestServer Server => _scope.Server;

    public async Task InitializeAsync() => _scope = await WebhookScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    private IDnsProvider Create() =>
        new WebhookProviderFactory(new ProviderDependencies { Retry = new RetryPolicy(5, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)) })
            .Create(new ProviderSettings("webhook", new Dictionary<string, string> { ["--webhook-url"] = _scope.Url }));

    private static RecordSet Srv(uint ttl, string value) => new(DnsName.Parse(Fed), RecordType.Srv, ttl, [value]);

    [Fact]
    public async Task Apply_DeletesBySendingTheListedEndpointExactly()
    {
        var listed = new JsonObject
        {
            ["dnsName"] = Fed,
            ["targets"] = new JsonArray("10 0 8448 matrix.example.com"),
            ["recordType"] = "SRV",
            ["recordTTL"] = 600,
            ["labels"] = new JsonObject { ["owner"] = "someone" },
            ["providerSpecific"] = new JsonArray(new JsonObject { ["name"] = "flag", ["value"] = "on" }),
        };
        Server.Put(listed);
        await using var provider = Create();
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);
        var before = (await provider.GetRecordSetsAsync(zone, [FedSrv], CancellationToken.None)).ShouldHaveSingleItem();

        await provider.ApplyAsync(zone, [new RecordSetChange(before, null)], CancellationToken.None);

        var deleted = Server.AppliedWrites().ShouldHaveSingleItem()["delete"]!.AsArray().ShouldHaveSingleItem();
        JsonNode.DeepEquals(deleted, listed).ShouldBeTrue(deleted!.ToJsonString());
        Server.Find(Fed, "SRV").ShouldBeNull();
    }

    [Fact]
    public async Task Apply_WhenTheAnswerToAnAppliedWriteIsLost_FindsItsOwnWrite_AndSucceeds()
    {
        Server.AddFault(new WebhookFaultRule(WebhookFaultKind.LoseAnswer) { Method = "POST", Path = "/records", FirstN = 1 });
        await using var provider = Create();
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);

        await provider.ApplyAsync(zone, [new RecordSetChange(null, Srv(3600, "10 0 8448 matrix.example.com."))], CancellationToken.None);

        // The first try wrote and answered 500; the retry's create is refused (409), and the re-read shows our write.
        Server.RequestLog().Where(l => l.StartsWith("POST /records", StringComparison.Ordinal)).ShouldBe(["POST /records 500", "POST /records 409"]);
        Server.AppliedWrites().Count.ShouldBe(1);
        Server.Targets(Fed, "SRV").ShouldBe(["10 0 8448 matrix.example.com"]);
    }

    [Fact]
    public async Task ManyConcurrentPlansOfOneInstance_ReadRecordsOnce()
    {
        for (var i = 0; i < 50; i++)
        {
            Server.Put($"_matrix-fed._tcp.c{i}.example.com", "SRV", 300, "10 0 8448 matrix.example.com");
        }

        await using var provider = Create();
        var reads = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var name = DnsName.Parse($"c{i}.example.com");
            var zone = await provider.FindZoneAsync(name, CancellationToken.None);
            return await provider.GetRecordSetsAsync(zone, [new RecordSetKey(MatrixSrvNames.Fed(name), RecordType.Srv)], CancellationToken.None);
        }));

        reads.ShouldAllBe(r => r.Count == 1);
        Server.Count("GET", "/").ShouldBe(1);
        Server.Count("GET", "/records").ShouldBe(1);
    }

    [Fact]
    public async Task Apply_RefusesWhenTheWebhookNowAdjustsDifferentlyThanThePlanShows_AndWritesNothing()
    {
        await using var provider = Create();
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);
        Server.MinTtl = 7200;

        var error = await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, Srv(3600, "10 0 8448 matrix.example.com."))], CancellationToken.None));

        error.Message.ShouldContain("TTL 7200");
        Server.Count("POST", "/records").ShouldBe(0);
    }

    [Fact]
    public async Task Apply_RefusesAPlanMadeAgainstAnotherWebhook_BeforeSendingAnything()
    {
        await using var provider = Create();
        var foreign = new HostedZone(DnsName.Parse("example.com"), "http://127.0.0.1:1/ example.com");

        await Should.ThrowAsync<InvalidInputException>(() => provider.ApplyAsync(foreign, [new RecordSetChange(null, Srv(3600, "10 0 8448 matrix.example.com."))], CancellationToken.None));

        Server.RequestLog().ShouldBeEmpty();
    }
}
