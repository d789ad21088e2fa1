using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace SrvProvisioner.Testing.Net;

/// <summary>A quiet Kestrel app for an emulator: plain http on a free 127.0.0.1 port, no logging, no Server header.</summary>
public static class LoopbackWebApp
{
    public static (WebApplication App, Uri Endpoint) Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        var app = builder.Build();
        var endpoint = new Uri($"http://127.0.0.1:{FreePort.Find().ToString(CultureInfo.InvariantCulture)}");
        app.Urls.Add(endpoint.AbsoluteUri.TrimEnd('/'));
        return (app, endpoint);
    }
}
