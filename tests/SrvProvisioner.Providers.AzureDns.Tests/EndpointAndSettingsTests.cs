using System.Net;
using System.Text;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.AzureDns.Auth;

namespace SrvProvisioner.Providers.AzureDns.Tests;

/// <summary>Where a token may go, and how options are read.</summary>
public sealed class EndpointAndSettingsTests
{
    private static readonly string Subscription = Guid.NewGuid().ToString();

    [Theory]
    [InlineData("https://127.0.0.1:8443")]
    [InlineData("https://management.azure.com")]
    [InlineData("https://management.chinacloudapi.cn")]
    public void Endpoint_IsAccepted_WhenHttps(string url) =>
        AzureEndpoint.Parse(url).ShouldBe(new Uri(url));

    [Theory]
    [InlineData("http://management.azure.com")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    public void Endpoint_WithHttp_IsRefused_LoopbackToo(string url)
    {
        var ex = Should.Throw<InvalidInputException>(() => AzureEndpoint.Parse(url));

        ex.Message.ShouldContain("only sent over https");
    }

    [Theory]
    [InlineData("ftp://management.azure.com")]
    [InlineData("https://management.azure.com/?x=1")]
    [InlineData("not a url")]
    public void Endpoint_ThatIsNoUrl_IsRefused(string url) =>
        Should.Throw<InvalidInputException>(() => AzureEndpoint.Parse(url)).Message.ShouldContain("--azure-endpoint");

    [Fact]
    public void Scope_IsTheEndpointsDefaultScope() =>
        AzureEndpoint.Scope(new Uri("https://management.usgovcloudapi.net/")).ShouldBe("https://management.usgovcloudapi.net/.default");

    [Fact]
    public void Subscription_ComesFromTheEnvironment_WhenNotGiven()
    {
        var factory = new AzureDnsProviderFactory(new ProviderDependencies { Environment = n => n == "AZURE_SUBSCRIPTION_ID" ? Subscription : null });

        factory.Parse(new ProviderSettings("azure", new Dictionary<string, string>())).SubscriptionId.ShouldBe(Subscription);
    }

    [Theory]
    [InlineData(null, "needs --azure-subscription")]
    [InlineData("my-subscription", "is not a subscription ID")]
    public void Subscription_MissingOrMalformed_IsOneClearError(string? value, string expected)
    {
        var factory = new AzureDnsProviderFactory(new ProviderDependencies { Environment = _ => null });
        var values = value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["--azure-subscription"] = value };

        Should.Throw<InvalidInputException>(() => factory.Parse(new ProviderSettings("azure", values))).Message.ShouldContain(expected);
    }

    [Fact]
    public void Options_AreReadWithTheirDefaults()
    {
        var factory = new AzureDnsProviderFactory(new ProviderDependencies { Environment = _ => null });

        var s = factory.Parse(new ProviderSettings("azure", new Dictionary<string, string>
        {
            ["--azure-subscription"] = Subscription,
            ["--azure-zone"] = "Example.COM.",
            ["--azure-max-writes-per-minute"] = "30",
            ["--azure-timeout"] = "5s",
        }));

        s.Endpoint.ShouldBe(new Uri("https://management.azure.com"));
        s.Zone!.Value.ShouldBe("example.com");
        s.WritesPerMinute.ShouldBe(30);
        s.ReadsPerMinute.ShouldBe(2000);
        s.RequestTimeout.ShouldBe(TimeSpan.FromSeconds(5));
        s.StaticToken.ShouldBeFalse();
    }

    [Fact]
    public async Task NextLink_ToAnotherHost_IsNotFollowed()
    {
        using var transport = new ForeignNextLinkHandler();
        var factory = new AzureDnsProviderFactory(new ProviderDependencies { Environment = n => n == "AZURE_ACCESS_TOKEN" ? "t" : null, Transport = transport });
        await using var provider = factory.Create(new ProviderSettings("azure", new Dictionary<string, string>
        {
            ["--azure-subscription"] = Subscription,
            ["--azure-endpoint"] = "https://127.0.0.1:9",
        }));

        var ex = await Should.ThrowAsync<ProviderException>(() => provider.FindZoneAsync(DnsName.Parse("example.com"), default));

        ex.Message.ShouldContain("refusing to send the token there");
        transport.Requests.ShouldBe(1);
    }

    /// <summary>Answers a zone list whose nextLink points at another host.</summary>
    private sealed class ForeignNextLinkHandler : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            var body = """{"value":[],"nextLink":"https://collector.example.net/steal?api-version=2018-05-01"}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
