using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Testing.AzureDns;

namespace SrvProvisioner.Providers.AzureDns.Tests;

/// <summary>A running ARM emulator with a fresh subscription, and helpers to build a provider or a CLI environment for it.</summary>
internal sealed class AzureScope : IAsyncDisposable
{
    // One transport per scope, trusting the emulator's CA alone; providers do not dispose a given transport.
    private readonly SocketsHttpHandler _transport;

    private AzureScope(AzureDnsEmulator emulator, string home)
    {
        Emulator = emulator;
        Home = home;
        _transport = emulator.Authority.CreateTrustingHandler();
        CaFile = emulator.Authority.WriteCaFile(home);

        // A subscription of its own per test keeps the process-wide limiters of one test from pacing another.
        Subscription = Guid.NewGuid().ToString();
    }

    public AzureDnsEmulator Emulator { get; }

    public string Home { get; }

    public string Subscription { get; }

    public string Endpoint => Emulator.Endpoint.AbsoluteUri;

    /// <summary>The emulator's CA as PEM, for the srvprov binary (<c>SSL_CERT_FILE</c>).</summary>
    public string CaFile { get; }

    public static async Task<AzureScope> StartAsync()
    {
        var home = Directory.CreateTempSubdirectory("srvprov-azure-").FullName;
        return new AzureScope(await AzureDnsEmulator.StartAsync(), home);
    }

    /// <summary>A zone with an address for the SRV target, as a user's zone would have.</summary>
    public AzureEmulatedZone AddExampleZone(string name = "example.com", string resourceGroup = "rg-dns")
    {
        var zone = Emulator.AddZone(Subscription, resourceGroup, name);
        Emulator.PutRecordSet(zone, "A", "matrix", 300, "192.0.2.10");
        return zone;
    }

    public IDnsProvider CreateProvider(Dictionary<string, string>? options = null, string? token = null)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--azure-subscription"] = Subscription,
            ["--azure-endpoint"] = Endpoint,
            ["--azure-max-reads-per-minute"] = "60000",
            ["--azure-max-writes-per-minute"] = "60000",
        };
        foreach (var (k, v) in options ?? [])
        {
            all[k] = v;
        }

        return new AzureDnsProviderFactory(Fast(token)).Create(new ProviderSettings("azure", all));
    }

    /// <summary>The token in the environment, the emulator's CA trusted, and a short backoff so that retries do not dominate test time (a Retry-After from the emulator still wins).</summary>
    public ProviderDependencies Fast(string? token = null) => new()
    {
        Environment = name => name == "AZURE_ACCESS_TOKEN" ? token ?? AzureDnsEmulator.DefaultToken : null,
        Transport = _transport,
        Retry = new RetryPolicy(7, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(200)),
    };

    /// <summary>The environment a user would have: token and subscription in variables, nothing else from this machine.</summary>
    public Dictionary<string, string?> CliEnvironment(string? token = null) => new()
    {
        ["HOME"] = Home,
        ["AZURE_CONFIG_DIR"] = Path.Combine(Home, ".azure"),
        ["AZURE_ACCESS_TOKEN"] = token ?? AzureDnsEmulator.DefaultToken,

        // The emulator's CA added to the trusted roots, as an admin adds a private CA (OpenSSL's
        // SSL_CERT_FILE, which .NET reads on Linux); the system's directory of roots stays.
        ["SSL_CERT_FILE"] = CaFile,
        ["AZURE_SUBSCRIPTION_ID"] = Subscription,
        ["AZURE_CLIENT_ID"] = null,
        ["AZURE_CLIENT_SECRET"] = null,
        ["AZURE_TENANT_ID"] = null,
        ["AZURE_CLIENT_CERTIFICATE_PATH"] = null,
        ["AZURE_FEDERATED_TOKEN_FILE"] = null,
        ["AZURE_USERNAME"] = null,
        ["IDENTITY_ENDPOINT"] = null,
        ["MSI_ENDPOINT"] = null,

        // Only the environment credential: the chain's managed-identity probe would leave loopback.
        ["AZURE_TOKEN_CREDENTIALS"] = "EnvironmentCredential",
    };

    public static RecordSetKey Key(string name, RecordType type) => new(DnsName.Parse(name), type);

    public static RecordSet Srv(string name, uint ttl, params string[] values) => new(DnsName.Parse(name), RecordType.Srv, ttl, values);

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        _transport.Dispose();
        Directory.Delete(Home, recursive: true);
    }
}
