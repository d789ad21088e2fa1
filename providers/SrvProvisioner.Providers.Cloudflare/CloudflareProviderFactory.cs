using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Providers.Cloudflare.Api;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// <c>--provider cloudflare</c>: Cloudflare DNS through API v4 with a scoped API token, a small
/// typed client (no Cloudflare SDK is served for .NET here), one atomic batch per zone, and the
/// proxy findings.
/// </summary>
public sealed class CloudflareProviderFactory : IDnsProviderFactory
{
    internal const string ProviderName = "cloudflare";

    /// <summary>
    /// One transaction per zone. Not <see cref="ProviderCapabilities.ConditionalWrites"/>: a
    /// delete by id holds only while the record exists, not while its data is unchanged (the
    /// re-read before apply checks that). Not <see cref="ProviderCapabilities.MeteredReads"/>
    /// either, though reads count against the rate limit: the proxy flag of an in-zone target
    /// is only in the zone's data, so the target is always read from the zone.
    /// </summary>
    internal const ProviderCapabilities ProviderCapabilitiesValue = ProviderCapabilities.AtomicBatch;

    internal const string ZoneIdOption = "--cloudflare-zone-id";
    internal const string TokenFileOption = "--cloudflare-token-file";
    internal const string EndpointOption = "--cloudflare-endpoint";
    internal const string RateLimitOption = "--cloudflare-rate-limit";
    internal const string BatchLimitOption = "--cloudflare-batch-limit";
    internal const string AllowProxiedTargetOption = "--allow-proxied-target";

    private readonly ProviderDependencies _dependencies;

    public CloudflareProviderFactory()
        : this(ProviderDependencies.Default)
    {
    }

    /// <summary>The environment (API token), transport under the client, clock and waits (<see cref="ProviderDependencies"/>).</summary>
    public CloudflareProviderFactory(ProviderDependencies dependencies)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        _dependencies = dependencies;
    }

    public string Name => ProviderName;

    public string Description => $"Cloudflare DNS (API token in {CloudflareToken.Variable} or --cloudflare-token-file; one atomic batch per zone; refuses proxied SRV targets)";

    public ProviderCapabilities Capabilities => ProviderCapabilitiesValue;

    public IReadOnlyList<ProviderOption> Options { get; } =
    [
        new(ZoneIdOption, "Zone ID to use (default: the zone named like the server name or its closest parent, found with GET /zones?name=)") { ValueName = "ID" },
        new(TokenFileOption, $"File holding the API token (default: {CloudflareToken.Variable}); the token needs Zone → DNS → Edit and Zone → Zone → Read") { ValueName = "FILE" },
        new(EndpointOption, $"API base URL (default {CloudflareEndpoint.Default.AbsoluteUri.TrimEnd('/')}); plain http only to a loopback address") { ValueName = "URL" },
        new(RateLimitOption, "Requests per 5 minutes this process sends (default 1200, Cloudflare's limit per user)") { ValueName = "N" },
        new(BatchLimitOption, "Record operations in one batch (default 200, the free plan's limit; 3500 on paid plans)") { ValueName = "N" },
        new(AllowProxiedTargetOption, "Apply even when the SRV target is proxied by Cloudflare (orange cloud); the finding stays an error") { IsFlag = true },
    ];

    /// <summary>Cloudflare's API reads TTL 1 as "automatic" (Cloudflare chooses it).</summary>
    public string DescribeTtl(uint ttl) => ttl == 1 ? "auto" : ttl.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public IDnsProvider Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parsed = Parse(settings, out var token);
        var ownTransport = _dependencies.Transport is null;
        var transport = _dependencies.Transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
        var http = new HttpClient(transport, disposeHandler: ownTransport)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = 64 * 1024 * 1024,
        };

        // The limit is per user; the token stands in for the user (one process rarely holds two
        // tokens of one user). A burst of a twentieth of the window, and the steady rate lowered
        // by it, keep any 5-minute window within the limit.
        var burst = Math.Max(1, parsed.RequestsPerFiveMinutes / 20);
        var rate = Math.Max(1, parsed.RequestsPerFiveMinutes - burst) / 300.0;
        var limiter = RequestRateLimiter.Shared($"cloudflare|{parsed.Endpoint.AbsoluteUri}|{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))}", rate, burst);
        var api = new CloudflareApiClient(http, parsed.Endpoint, token, limiter, new RetryExecutor(parsed.RetryPolicy, _dependencies.Time), parsed.CallTimeout);
        return new CloudflareProvider(api, parsed);
    }

    internal CloudflareSettings Parse(ProviderSettings settings, out string token)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var zoneId = settings.Get(ZoneIdOption)?.Trim().ToLowerInvariant();
        if (zoneId is not null && !CloudflareRecordIds.IsId(zoneId))
        {
            throw new Core.Errors.InvalidInputException($"{ZoneIdOption} '{zoneId}' is not a Cloudflare zone ID (32 hexadecimal characters, shown on the zone's Overview page).");
        }

        var endpoint = CloudflareEndpoint.Parse(settings.Get(EndpointOption));
        var rateLimit = settings.GetInt(RateLimitOption, 1, 1_000_000) ?? 1200;
        var batchLimit = settings.GetInt(BatchLimitOption, 2, 100_000) ?? 200;
        (token, var source) = CloudflareToken.Resolve(settings.Get(TokenFileOption), _dependencies.Environment);
        return new CloudflareSettings
        {
            ZoneId = zoneId,
            Endpoint = endpoint,
            TokenSource = source,
            RequestsPerFiveMinutes = rateLimit,
            BatchLimit = batchLimit,
            AllowProxiedTarget = settings.GetFlag(AllowProxiedTargetOption),
            CallTimeout = _dependencies.RequestTimeout ?? TimeSpan.FromSeconds(30),
            RetryPolicy = (_dependencies.Retry ?? RetryPolicy.Default) with { MaxServiceDelay = TimeSpan.FromMinutes(5) },
        };
    }
}
