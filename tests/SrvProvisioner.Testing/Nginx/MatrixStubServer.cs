using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Nginx;

/// <summary>
/// A loopback Kestrel stand-in for a homeserver's federation endpoints behind nginx:
/// <c>GET /_matrix/key/v2/server</c> answers with the server name nginx passes in
/// <c>X-Matrix-Server-Name</c> (a real homeserver answers with its configured name) and
/// <c>GET /_matrix/federation/v1/version</c> with a fixed implementation.
/// </summary>
public sealed class MatrixStubServer : IAsyncDisposable
{
    public const string ServerNameHeader = "X-Matrix-Server-Name";

    private readonly WebApplication _app;

    private MatrixStubServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<MatrixStubServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var port = FreePort.Find();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/_matrix/key/v2/server", (HttpContext context) => Results.Json(new Dictionary<string, object>
        {
            ["server_name"] = context.Request.Headers[ServerNameHeader].ToString() is { Length: > 0 } name ? name : "unconfigured.invalid",
            ["valid_until_ts"] = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds(),
            ["verify_keys"] = new Dictionary<string, object>(),
            ["old_verify_keys"] = new Dictionary<string, object>(),
        }));
        app.MapGet("/_matrix/federation/v1/version", () => Results.Json(new { server = new { name = "stub-homeserver", version = "1.0" } }));
        await app.StartAsync(cancellationToken);
        return new MatrixStubServer(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
