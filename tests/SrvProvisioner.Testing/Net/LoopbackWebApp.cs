using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace SrvProvisioner.Testing.Net;

/// <summary>
/// A quiet Kestrel app for an emulator on a free 127.0.0.1 port, no logging, no Server header:
/// plain http, or https with <c>certificate</c> (a leaf of a test CA) where the client must
/// see TLS, as a real API's client does.
/// </summary>
public static class LoopbackWebApp
{
    public static (WebApplication App, Uri Endpoint) Create(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePort.Find();
        if (certificate is null)
        {
            builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
            var app = builder.Build();
            var endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            app.Urls.Add(endpoint.AbsoluteUri.TrimEnd('/'));
            return (app, endpoint);
        }

        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate));
        });
        return (builder.Build(), new Uri($"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
    }
}
