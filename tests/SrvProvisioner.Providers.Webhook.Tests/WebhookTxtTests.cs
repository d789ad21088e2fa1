using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Testing.Contracts;
using SrvProvisioner.Testing.Webhook;

namespace SrvProvisioner.Providers.Webhook.Tests;

/// <summary>
/// TXT at <c>_acme-challenge</c> names through the webhook protocol: the shared contract (the
/// protocol has no conditional writes, so apply re-reads <c>GET /records</c> right before it
/// writes) plus how TXT targets travel (quoted presentation form, or raw text from a provider
/// that stores it so).
/// </summary>
public sealed class WebhookTxtTests : TxtRecordSetContract
{
    private const string Name = "_acme-challenge.example.com";

    private WebhookScope _scope = null!;

    private WebhookTestServer Server => _scope.Server;

    public override async Task InitializeAsync() => _scope = await WebhookScope.StartAsync();

    public override async Task DisposeAsync() => await _scope.DisposeAsync();

    protected override IDnsProvider CreateProvider() =>
        new WebhookProviderFactory { Tune = s => s with { RetryPolicy = new RetryPolicy(5, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)) } }
            .Create(new ProviderSettings("webhook", new Dictionary<string, string> { ["--webhook-url"] = _scope.Url }));

    [Fact]
    public async Task Apply_SendsTxtTargetsInQuotedPresentationForm_AsExternalDnsWritesThem()
    {
        await using var provider = CreateProvider();

        await AddAsync(provider, TxtRecordText.FromText("Two Words \"q\""));
        await AddAsync(provider, First);

        Server.Targets(Name, "TXT").ShouldBe(["\"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0\"", "\"Two Words \\\"q\\\"\""]);
        var write = Server.AppliedWrites().Last();
        write["updateOld"]!.AsArray().Single()!["targets"]!.AsArray().Select(t => (string?)t).ShouldBe(["\"Two Words \\\"q\\\"\""]);
    }

    [Fact]
    public async Task ReadAndWrite_RoundTrip_WhenTheProviderStoresTxtAsRawText()
    {
        Server.TxtTargetsUnquoted = true;
        await using var provider = CreateProvider();

        await AddAsync(provider, TxtRecordText.FromText("Mixed Case token"));
        await AddAsync(provider, First);
        await RemoveAsync(provider, First);

        Server.Targets(Name, "TXT").ShouldBe(["Mixed Case token"]);
        (await ReadFreshAsync())!.Values.ShouldBe(["\"Mixed Case token\""]);
    }

    [Fact]
    public async Task Read_KeepsOtherTxtEndpointsOutOfTheChallengeSet()
    {
        // ExternalDNS's registry keeps ownership records as quoted TXT targets at other names.
        Server.Put("example.com", "TXT", 300, "\"heritage=external-dns,external-dns/owner=default\"");
        Server.Put("srv-_matrix-fed._tcp.example.com", "TXT", 300, "\"heritage=external-dns,external-dns/owner=default\"");
        await using var provider = CreateProvider();

        (await ReadAsync(provider)).Set.ShouldBeNull();
        await AddAsync(provider, First);

        Server.Targets("example.com", "TXT").ShouldBe(["\"heritage=external-dns,external-dns/owner=default\""]);
        (await ReadFreshAsync())!.Values.ShouldBe([First]);
    }

    [Fact]
    public async Task Apply_RefusesTxtOutsideAcmeChallengeNames_AndWritesNothing()
    {
        await using var provider = CreateProvider();
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        var spf = new RecordSet(DnsName.Parse("example.com"), RecordType.Txt, 120, ["\"v=spf1 -all\""]);

        var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, spf)], default));

        ex.Message.ShouldContain("_acme-challenge");
        Server.AppliedWrites().ShouldBeEmpty();
    }

    [Fact]
    public async Task Read_RefusesAStoredTxtTargetThatIsNotTxtData_NamingIt()
    {
        Server.Put(Name, "TXT", 120, "\"unclosed");
        await using var provider = CreateProvider();

        var ex = await Should.ThrowAsync<ProviderException>(() => ReadAsync(provider));

        ex.Message.ShouldContain(Name);
    }

    [Theory]
    [InlineData("\"unclosed")]
    [InlineData("\"a\"\"b\"")]
    public async Task Server_RefusesTxtTargetsThatAreNotTxtData_AndWritesNothing(string target)
    {
        (await PostCreateAsync(target)).ShouldBe(400);

        Server.Targets(Name, "TXT").ShouldBeNull();
    }

    [Fact]
    public async Task Server_TakesACharacterStringOf255Bytes_ButNot256()
    {
        (await PostCreateAsync($"\"{new string('a', 256)}\"")).ShouldBe(400);
        (await PostCreateAsync($"\"{new string('a', 255)}\"")).ShouldBe(204);

        Server.Targets(Name, "TXT").ShouldBe([$"\"{new string('a', 255)}\""]);
    }

    /// <summary>A <c>POST /records</c> creating one TXT endpoint, as any protocol client sends it; the status answered.</summary>
    private async Task<int> PostCreateAsync(string target)
    {
        using var http = new HttpClient();
        var body = new JsonObject
        {
            ["create"] = new JsonArray(new JsonObject
            {
                ["dnsName"] = Name,
                ["recordType"] = "TXT",
                ["targets"] = new JsonArray(target),
                ["recordTTL"] = 120,
            }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.Endpoint, "records"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(WebhookTestServer.MediaType);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(WebhookTestServer.MediaType));

        using var response = await http.SendAsync(request);
        return (int)response.StatusCode;
    }
}
