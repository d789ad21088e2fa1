using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Providers.Route53.Api;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// <c>--provider route53</c>: Amazon Route 53 through AWSSDK.Core's credential chain and SigV4
/// signer, with a small REST/XML client for the four calls the tool needs.
/// </summary>
public sealed class Route53ProviderFactory : IDnsProviderFactory
{
    internal const string ProviderName = "route53";

    internal const string HostedZoneIdOption = "--route53-hosted-zone-id";
    internal const string PrivateOption = "--route53-private";
    internal const string ProfileOption = "--route53-profile";
    internal const string NoWaitOption = "--route53-no-wait";
    internal const string WaitTimeoutOption = "--route53-wait-timeout";
    internal const string RateLimitOption = "--route53-rate-limit";
    internal const string EndpointOption = "--route53-endpoint";

    /// <summary>Route 53 signs every request for us-east-1 whatever AWS_REGION says (API reference, "Signing").</summary>
    private const string SigningService = "route53";

    private readonly Func<string, string?> _environment;

    // No field or constructor here names an AWS SDK type: every srvprov command builds this
    // factory for its options, and the SDK assembly should load only when Create runs.
    private readonly Route53TestOverrides? _overrides;

    public Route53ProviderFactory()
    {
        _environment = Environment.GetEnvironmentVariable;
    }

    /// <summary>For tests: a different environment, fixed credentials and a transport under the signer.</summary>
    internal Route53ProviderFactory(Func<string, string?> environment, HttpMessageHandler? transport, AWSCredentials? credentials)
    {
        _environment = environment;
        _overrides = new Route53TestOverrides(transport, credentials);
    }

    /// <summary>Tests shorten timeouts and polling here; null keeps the defaults.</summary>
    internal Func<Route53Settings, Route53Settings>? Tune { get; init; }

    public string Name => ProviderName;

    public string Description => "Amazon Route 53 (AWS credential chain; atomic conditional batches; waits for INSYNC)";

    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.AtomicBatch | ProviderCapabilities.ConditionalWrites | ProviderCapabilities.PropagationWait | ProviderCapabilities.MeteredReads;

    public IReadOnlyList<ProviderOption> Options { get; } =
    [
        new(HostedZoneIdOption, "Hosted zone ID to use (default: the closest enclosing public zone, found by name)") { ValueName = "ID" },
        new(PrivateOption, "Use private hosted zones too; a private zone wins over a public one of the same name") { IsFlag = true },
        new(ProfileOption, "AWS profile from ~/.aws/credentials or ~/.aws/config (default: AWS_PROFILE, then the default chain)") { ValueName = "NAME" },
        new(NoWaitOption, "Do not wait for the change to reach all Route 53 name servers (INSYNC)") { IsFlag = true },
        new(WaitTimeoutOption, "How long apply waits for INSYNC (default 5m)") { ValueName = "DURATION" },
        new(RateLimitOption, "Requests per second this process sends to the account (default 5, the Route 53 limit)") { ValueName = "N" },
        new(EndpointOption, "API endpoint (default: AWS_ENDPOINT_URL_ROUTE_53, then AWS_ENDPOINT_URL, then https://route53.amazonaws.com)") { ValueName = "URL" },
    ];

    public IDnsProvider Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parsed = Parse(settings);
        parsed = Tune?.Invoke(parsed) ?? parsed;
        var credentials = _overrides?.Credentials ?? Route53Credentials.Resolve(parsed.Profile, _environment);
        var accessKey = credentials.GetCredentials().AccessKey;
        var ownTransport = _overrides?.Transport is null;
        var transport = _overrides?.Transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var http = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, SigningService, transport), disposeHandler: ownTransport)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        // The Route 53 limit is per account; the access key stands in for it (one process rarely mixes keys of one account).
        var limiter = RequestRateLimiter.Shared($"route53|{parsed.Endpoint.AbsoluteUri}|{accessKey}", parsed.RequestsPerSecond);
        var api = new Route53ApiClient(http, parsed.Endpoint, limiter, new RetryExecutor(parsed.RetryPolicy), parsed.CallTimeout);
        return new Route53Provider(api, parsed);
    }

    internal Route53Settings Parse(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rate = settings.GetInt(RateLimitOption, 1, 1000) ?? 5;
        return new Route53Settings
        {
            HostedZoneId = settings.Get(HostedZoneIdOption)?.Trim(),
            AllowPrivate = settings.GetFlag(PrivateOption),
            Profile = settings.Get(ProfileOption)?.Trim(),
            WaitForInSync = !settings.GetFlag(NoWaitOption),
            WaitTimeout = settings.GetDuration(WaitTimeoutOption) ?? TimeSpan.FromMinutes(5),
            RequestsPerSecond = rate,
            Endpoint = Route53EndpointResolver.Resolve(settings.Get(EndpointOption), _environment),
        };
    }
}
