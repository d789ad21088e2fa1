using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Testing.Route53;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>A running emulator with example.com and helpers to build a provider or a CLI environment for it.</summary>
internal sealed class EmulatorScope : IAsyncDisposable
{
    private static int _keyCounter;

    private EmulatorScope(Route53Emulator emulator, string home)
    {
        Emulator = emulator;
        Home = home;

        // A key of its own per test keeps the process-wide rate limiter of one test from slowing another.
        AccessKeyId = $"AKIATEST{Interlocked.Increment(ref _keyCounter):D12}";
        Emulator.AddCredentials(AccessKeyId, Secret);
    }

    public const string Secret = "test/secret/0123456789abcdefghijklmnopqrstuv";

    public Route53Emulator Emulator { get; }

    public string Home { get; }

    public string AccessKeyId { get; }

    public static async Task<EmulatorScope> StartAsync()
    {
        var home = Directory.CreateTempSubdirectory("srvprov-route53-").FullName;
        return new EmulatorScope(await Route53Emulator.StartAsync(), home);
    }

    /// <summary>A zone with SOA, NS, an address for the SRV target and <paramref name="extraSets"/> filler hosts.</summary>
    public string AddExampleZone(string name = "example.com", bool isPrivate = false, int extraSets = 0)
    {
        var id = Emulator.AddZone(name, isPrivate);
        Emulator.PutRecordSet(id, "matrix." + name, "A", 300, "192.0.2.10");
        Emulator.PutRecordSet(id, "www." + name, "A", 300, "192.0.2.11");
        for (int i = 0; i < extraSets; i++)
        {
            // Spread over names before, between and after the names a plan reads.
            var label = (i % 4) switch
            {
                0 => $"host{i:D5}",
                1 => $"_svc{i:D5}._tcp",
                2 => $"zz{i:D5}",
                _ => $"a{i:D5}",
            };
            Emulator.PutRecordSet(id, $"{label}.{name}", i % 4 == 1 ? "SRV" : "A", 300, i % 4 == 1 ? $"0 0 {i % 60000} host.{name}" : $"192.0.2.{i % 250}");
        }

        return id;
    }

    /// <param name="adjust">Changes to <see cref="Fast"/>'s dependencies for one test (a shorter request timeout, no retries).</param>
    public IDnsProvider CreateProvider(Dictionary<string, string>? options = null, string? secret = null, Func<ProviderDependencies, ProviderDependencies>? adjust = null)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["--route53-rate-limit"] = "1000" };
        foreach (var (k, v) in options ?? [])
        {
            all[k] = v;
        }

        var factory = new Route53ProviderFactory((adjust ?? (d => d))(Fast(secret)));
        return factory.Create(new ProviderSettings("route53", all));
    }

    /// <summary>
    /// The environment of a user with keys in variables and the emulator as endpoint, and short
    /// waits so that retries and polling do not dominate test time.
    /// </summary>
    public ProviderDependencies Fast(string? secret = null) => new()
    {
        Environment = name => name switch
        {
            "AWS_ENDPOINT_URL_ROUTE_53" => Emulator.Endpoint.AbsoluteUri,
            "AWS_ACCESS_KEY_ID" => AccessKeyId,
            "AWS_SECRET_ACCESS_KEY" => secret ?? Secret,
            _ => null,
        },
        PollInterval = TimeSpan.FromMilliseconds(20),
        Retry = new RetryPolicy(8, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(200)),
    };

    /// <summary>The environment a user would have: keys in variables, nothing else from this machine.</summary>
    public Dictionary<string, string?> CliEnvironment(string? secret = null) => new()
    {
        ["HOME"] = Home,
        ["AWS_CONFIG_FILE"] = Path.Combine(Home, "no-config"),
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Home, "no-credentials"),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_PROFILE"] = null,
        ["AWS_DEFAULT_PROFILE"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
        ["AWS_ROLE_ARN"] = null,
        ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null,
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
        ["AWS_ENDPOINT_URL"] = null,
        ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = null,
        ["AWS_REGION"] = "eu-west-1",
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = secret ?? Secret,
        ["AWS_ENDPOINT_URL_ROUTE_53"] = Emulator.Endpoint.AbsoluteUri,
    };

    public static RecordSetKey Key(string name, RecordType type) => new(DnsName.Parse(name), type);

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(Home, recursive: true);
    }
}
