using System.Net;
using System.Text;
using BasicAWSCredentials = Amazon.Runtime.BasicAWSCredentials;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Providers.Route53.Api;
using SrvProvisioner.Testing.Route53;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>The REST/XML client and its failure classification, faked at the HTTP transport.</summary>
public sealed class ApiClientTests
{
    private const string Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    private sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        private int _next;

        public List<HttpRequestMessage> Requests { get; } = [];

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            Bodies.Add(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
            return answers[Math.Min(_next++, answers.Length - 1)](request);
        }
    }

    private static HttpResponseMessage Xml(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };

    private static Route53ApiClient Client(HttpMessageHandler transport) => new(
        new HttpClient(new Amazon.Runtime.Signing.SigV4SigningHandler(new BasicAWSCredentials("AKIDTEST", "secret"), Amazon.RegionEndpoint.USEast1, "route53", transport)),
        new Uri("https://route53.example.test"),
        new RequestRateLimiter(10_000),
        new RetryExecutor(new RetryPolicy(4, TimeSpan.Zero, TimeSpan.Zero)),
        TimeSpan.FromSeconds(5));

    [Fact]
    public async Task ListResourceRecordSets_SendsStartNameTypeAndPageSize_AndParsesEscapedNames()
    {
        var handler = new ScriptedHandler(_ => Xml(HttpStatusCode.OK, $"""
            <ListResourceRecordSetsResponse xmlns="{Ns}"><ResourceRecordSets>
            <ResourceRecordSet><Name>\052.example.com.</Name><Type>SRV</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>1 2 3 a.example.com.</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>
            </ResourceRecordSets><IsTruncated>true</IsTruncated><MaxItems>1</MaxItems><NextRecordName>_matrix._tcp.example.com.</NextRecordName><NextRecordType>SRV</NextRecordType></ListResourceRecordSetsResponse>
            """));
        using var client = Client(handler);

        var page = await client.ListResourceRecordSetsAsync("Z1", "_matrix-fed._tcp.example.com.", "SRV", null, 7, default);

        handler.Requests.Single().RequestUri!.PathAndQuery.ShouldBe("/2013-04-01/hostedzone/Z1/rrset?name=_matrix-fed._tcp.example.com.&type=SRV&maxitems=7");
        handler.Requests.Single().Headers.GetValues("Authorization").Single().ShouldContain("/us-east-1/route53/aws4_request");
        Route53Names.Normalise(page.Sets.Single().Name).ShouldBe("*.example.com");
        page.Sets.Single().Values.ShouldBe(["1 2 3 a.example.com."]);
        page.IsTruncated.ShouldBeTrue();
        page.NextRecordName.ShouldBe("_matrix._tcp.example.com.");
        page.NextRecordType.ShouldBe("SRV");
    }

    [Fact]
    public async Task ChangeBatch_IsOneDocumentOfDeletesAndCreates_InTheApiNamespace()
    {
        var handler = new ScriptedHandler(_ => Xml(HttpStatusCode.OK, $"<ChangeResourceRecordSetsResponse xmlns=\"{Ns}\"><ChangeInfo><Id>/change/C1</Id><Status>PENDING</Status></ChangeInfo></ChangeResourceRecordSetsResponse>"));
        using var client = Client(handler);
        var set = new ApiRecordSet("_matrix._tcp.example.com.", "SRV", 300, ["10 0 8448 m.example.com."]);

        var info = await client.ChangeResourceRecordSetsAsync("Z1", [new(ApiChange.Delete, set), new(ApiChange.Create, set with { Ttl = 3600 })], "test", default);

        info.ShouldBe(new ApiChangeInfo("C1", "PENDING"));
        handler.Requests.Single().Method.ShouldBe(HttpMethod.Post);
        handler.Requests.Single().RequestUri!.AbsolutePath.ShouldBe("/2013-04-01/hostedzone/Z1/rrset/");
        var body = System.Xml.Linq.XElement.Parse(handler.Bodies.Single());
        body.Name.NamespaceName.ShouldBe(Ns);
        body.Descendants().Where(e => e.Name.LocalName == "Action").Select(e => e.Value).ShouldBe(["DELETE", "CREATE"]);
        body.Descendants().Where(e => e.Name.LocalName == "TTL").Select(e => e.Value).ShouldBe(["300", "3600"]);
        handler.Bodies.Single().ShouldNotContain("UPSERT");
    }

    [Fact]
    public async Task ErrorResponse_IsParsed_WithAwsCodeAndMessage_AndNotRetried()
    {
        var handler = new ScriptedHandler(_ => Xml(HttpStatusCode.Forbidden, $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized</Message></Error><RequestId>r</RequestId></ErrorResponse>"));
        using var client = Client(handler);

        var ex = await Should.ThrowAsync<Route53ApiException>(() => client.GetChangeAsync("C1", default));

        ex.Code.ShouldBe("AccessDenied");
        ex.AwsMessage.ShouldBe("User is not authorized");
        handler.Requests.Count.ShouldBe(1);
        Route53ErrorTranslator.Translate(ex, client.Endpoint, 1).Message.ShouldContain("route53:GetChange");
    }

    [Fact]
    public async Task InvalidChangeBatch_ListOfMessages_IsJoined()
    {
        var handler = new ScriptedHandler(_ => Xml(HttpStatusCode.BadRequest, $"<InvalidChangeBatch xmlns=\"{Ns}\"><Messages><Message>Tried to create resource record set [name='a.example.com.', type='SRV'] but it already exists</Message><Message>second</Message></Messages><RequestId>r</RequestId></InvalidChangeBatch>"));
        using var client = Client(handler);

        var ex = await Should.ThrowAsync<Route53ApiException>(() => client.ChangeResourceRecordSetsAsync("Z1", [new(ApiChange.Create, new("a.example.com.", "SRV", 1, ["1 1 1 b."]))], "c", default));

        ex.Code.ShouldBe("InvalidChangeBatch");
        ex.AwsMessage.ShouldBe("Tried to create resource record set [name='a.example.com.', type='SRV'] but it already exists; second");
        ex.AfterUncertainAttempt.ShouldBeFalse();
        Route53Provider.IsStaleMessage(ex.AwsMessage).ShouldBeTrue();
    }

    [Fact]
    public async Task ThrottlingAnd5xx_AreRetried_UntilSuccess()
    {
        var handler = new ScriptedHandler(
            _ => Xml(HttpStatusCode.BadRequest, $"<ErrorResponse xmlns=\"{Ns}\"><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"),
            _ => Xml(HttpStatusCode.ServiceUnavailable, "<html>busy</html>"),
            _ => Xml(HttpStatusCode.OK, $"<GetChangeResponse xmlns=\"{Ns}\"><ChangeInfo><Id>/change/C9</Id><Status>INSYNC</Status></ChangeInfo></GetChangeResponse>"));
        using var client = Client(handler);

        var info = await client.GetChangeAsync("C9", default);

        info.IsInSync.ShouldBeTrue();
        handler.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task NonXmlAnswer_IsAClearProviderError()
    {
        using var client = Client(new ScriptedHandler(_ => Xml(HttpStatusCode.OK, "<html>captive portal")));

        var ex = await Should.ThrowAsync<ProviderException>(() => client.GetChangeAsync("C1", default));

        ex.Message.ShouldContain("not XML");
    }

    public static TheoryData<Exception, bool> Classifications => new()
    {
        { new Route53ApiException("A", HttpStatusCode.BadRequest, "Throttling", "Rate exceeded"), true },
        { new Route53ApiException("A", HttpStatusCode.BadRequest, "PriorRequestNotComplete", "busy"), true },
        { new Route53ApiException("A", HttpStatusCode.InternalServerError, "InternalFailure", "x"), true },
        { new Route53ApiException("A", HttpStatusCode.BadGateway, "HTTP502", "x"), true },
        { new HttpRequestException("connection refused"), true },
        { new TimeoutException("slow"), true },
        { new Route53ApiException("A", HttpStatusCode.BadRequest, "InvalidChangeBatch", "already exists"), false },
        { new Route53ApiException("A", HttpStatusCode.Forbidden, "AccessDenied", "no"), false },
        { new Route53ApiException("A", HttpStatusCode.Forbidden, "SignatureDoesNotMatch", "no"), false },
        { new Route53ApiException("A", HttpStatusCode.NotFound, "NoSuchHostedZone", "no"), false },
        { new InvalidOperationException("bug"), false },
    };

    [Theory]
    [MemberData(nameof(Classifications))]
    public void RetryClassifier_RetriesOnlyTransientFailures(Exception error, bool retried) =>
        Route53RetryClassifier.Classify(error).ShouldRetry.ShouldBe(retried);

    [Fact]
    public void RetryClassifier_PassesRetryAfterOn()
    {
        var advice = Route53RetryClassifier.Classify(new Route53ApiException("A", HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "x", TimeSpan.FromSeconds(3)));

        advice.ServiceDelay.ShouldBe(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Emulator_RejectsUnsignedRequests_LikeAws()
    {
        await using var emulator = await Route53Emulator.StartAsync();
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(emulator.Endpoint, "/2013-04-01/hostedzonesbyname?dnsname=example.com"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("<Code>MissingAuthenticationToken</Code>");
        emulator.AuthFailures.ShouldBe(1);
    }

    [Fact]
    public async Task Emulator_RejectsUnknownKeys_AndTamperedRequests()
    {
        await using var emulator = await Route53Emulator.StartAsync();
        var rewriting = new QueryRewritingHandler();
        using var signedUnknown = new HttpClient(new Amazon.Runtime.Signing.SigV4SigningHandler(new BasicAWSCredentials("AKIDUNKNOWN", "x"), Amazon.RegionEndpoint.USEast1, "route53", new HttpClientHandler()));
        var r1 = await signedUnknown.GetAsync(new Uri(emulator.Endpoint, "/2013-04-01/hostedzonesbyname?dnsname=example.com"));
        (await r1.Content.ReadAsStringAsync()).ShouldContain("InvalidClientTokenId");

        // Signed for one query, sent with another: the signature no longer matches.
        using var tampering = new HttpClient(new Amazon.Runtime.Signing.SigV4SigningHandler(new BasicAWSCredentials(Route53Emulator.DefaultAccessKeyId, Route53Emulator.DefaultSecretAccessKey), Amazon.RegionEndpoint.USEast1, "route53", rewriting));
        var r2 = await tampering.GetAsync(new Uri(emulator.Endpoint, "/2013-04-01/hostedzonesbyname?dnsname=example.com"));
        r2.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await r2.Content.ReadAsStringAsync()).ShouldContain("SignatureDoesNotMatch");

        using var wrongRegion = new HttpClient(new Amazon.Runtime.Signing.SigV4SigningHandler(new BasicAWSCredentials(Route53Emulator.DefaultAccessKeyId, Route53Emulator.DefaultSecretAccessKey), Amazon.RegionEndpoint.EUWest1, "route53", new HttpClientHandler()));
        var r3 = await wrongRegion.GetAsync(new Uri(emulator.Endpoint, "/2013-04-01/hostedzonesbyname?dnsname=example.com"));
        r3.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var good = new HttpClient(new Amazon.Runtime.Signing.SigV4SigningHandler(new BasicAWSCredentials(Route53Emulator.DefaultAccessKeyId, Route53Emulator.DefaultSecretAccessKey), Amazon.RegionEndpoint.USEast1, "route53", new HttpClientHandler()));
        var r4 = await good.GetAsync(new Uri(emulator.Endpoint, "/2013-04-01/hostedzonesbyname?dnsname=example.com"));
        r4.StatusCode.ShouldBe(HttpStatusCode.OK);
        emulator.AuthFailures.ShouldBe(3);
    }

    /// <summary>Changes the query after signing, as a broken proxy would.</summary>
    private sealed class QueryRewritingHandler : DelegatingHandler
    {
        public QueryRewritingHandler()
            : base(new HttpClientHandler())
        {
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(request.RequestUri!.AbsoluteUri.Replace("example.com", "example.org", StringComparison.Ordinal));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
