using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.Cloudflare;

namespace SrvProvisioner.Providers.Cloudflare.Tests;

/// <summary>A running Cloudflare emulator with its own token, and helpers to run srvprov or build a provider against it.</summary>
internal sealed class CloudflareScope : IAsyncDisposable
{
    private CloudflareScope(CloudflareEmulator emulator, string home)
    {
        Emulator = emulator;
        Home = home;

        // A token of its own per test keeps the process-wide limiter of one test from pacing another.
        Token = "cf-test-" + Guid.NewGuid().ToString("N");
        emulator.AddToken(Token, CloudflareTokenGrant.Full);
    }

    public CloudflareEmulator Emulator { get; }

    public string Home { get; }

    public string Token { get; }

    public string Endpoint => Emulator.Endpoint.AbsoluteUri;

    public static async Task<CloudflareScope> StartAsync()
    {
        var home = Directory.CreateTempSubdirectory("srvprov-cloudflare-").FullName;
        return new CloudflareScope(await CloudflareEmulator.StartAsync(), home);
    }

    /// <summary>A zone with a "DNS only" address for the SRV target, as a careful user's zone has.</summary>
    public CloudflareZone AddExampleZone(string name = "example.com", bool proxiedTarget = false)
    {
        var zone = Emulator.AddZone(name);
        Emulator.AddRecord(zone, "A", "matrix." + name, "192.0.2.10", 1, proxiedTarget);
        return zone;
    }

    /// <summary>The options of a plan of example.com; target lookups go to a loopback port where nothing answers.</summary>
    public string[] Delegation(string serverName = "example.com", string target = "matrix.example.com:8448") =>
        ["--provider", "cloudflare", "--cloudflare-endpoint", Endpoint, "--server-name", serverName, "--target", target, "--dns-server", "127.0.0.1:9"];

    /// <summary>The environment a user would have: the token in CLOUDFLARE_API_TOKEN.</summary>
    public Dictionary<string, string?> CliEnvironment(string? token = null) => new()
    {
        ["HOME"] = Home,
        ["CLOUDFLARE_API_TOKEN"] = token ?? Token,
    };

    public IDnsProvider CreateProvider(Dictionary<string, string>? options = null, string? token = null)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["--cloudflare-endpoint"] = Endpoint };
        foreach (var (k, v) in options ?? [])
        {
            all[k] = v;
        }

        var factory = new CloudflareProviderFactory(new ProviderDependencies { Environment = name => name == "CLOUDFLARE_API_TOKEN" ? token ?? Token : null });
        return factory.Create(new ProviderSettings("cloudflare", all));
    }

    public static RecordSetKey Key(string name, RecordType type) => new(DnsName.Parse(name), type);

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(Home, recursive: true);
    }
}
