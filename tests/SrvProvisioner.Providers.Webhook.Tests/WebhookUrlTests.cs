using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.Webhook.Tests;

public sealed class WebhookUrlTests
{
    [Theory]
    [InlineData(null, "http://localhost:8888/")]
    [InlineData("http://127.0.0.1:8888", "http://127.0.0.1:8888/")]
    [InlineData("http://[::1]:8888", "http://[::1]:8888/")]
    [InlineData("http://localhost:9000/hook", "http://localhost:9000/hook/")]
    [InlineData("https://dns.example.net/webhook/", "https://dns.example.net/webhook/")]
    public void Parse_AcceptsLoopbackHttpAndAnyHttps_KeepingThePathAsPrefix(string? given, string expected) =>
        WebhookUrl.Parse(given).AbsoluteUri.ShouldBe(expected);

    [Theory]
    [InlineData("http://192.0.2.1:8888", "loopback")]
    [InlineData("http://dns.example.net", "loopback")]
    [InlineData("https://user:secret@dns.example.net", "user name")]
    [InlineData("https://dns.example.net/?token=x", "query")]
    [InlineData("ftp://localhost", "http(s)")]
    [InlineData("localhost:8888", "http(s)")]
    public void Parse_Refuses_WithTheReason(string given, string reason)
    {
        var error = Should.Throw<InvalidInputException>(() => WebhookUrl.Parse(given));

        error.Message.ShouldContain(reason);
        error.Message.ShouldNotContain("secret");
    }
}
