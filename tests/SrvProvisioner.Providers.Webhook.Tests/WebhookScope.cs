using SrvProvisioner.Testing.Webhook;

namespace SrvProvisioner.Providers.Webhook.Tests;

/// <summary>A running test webhook serving example.com (with an address for the SRV target) and a temporary home for plan files.</summary>
internal sealed class WebhookScope : IAsyncDisposable
{
    private WebhookScope(WebhookTestServer server, string home)
    {
        Server = server;
        Home = home;
    }

    public WebhookTestServer Server { get; }

    public string Home { get; }

    public string Url => Server.Endpoint.AbsoluteUri;

    public static async Task<WebhookScope> StartAsync()
    {
        var server = await WebhookTestServer.StartAsync();
        server.Put("matrix.example.com", "A", 300, "192.0.2.10");
        return new WebhookScope(server, Directory.CreateTempSubdirectory("srvprov-webhook-").FullName);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Home, recursive: true);
    }
}
