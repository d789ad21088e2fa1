using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Providers.Webhook.Api;

namespace SrvProvisioner.Providers.Webhook;

/// <summary>
/// <c>--provider webhook</c>: any DNS host behind a server of the ExternalDNS webhook protocol
/// (<c>external-dns --webhook-server --provider=...</c>, or a community webhook). This is how
/// srvprov takes plugins: it ships as one Native AOT executable, which cannot load assemblies
/// at run time, but can speak an out-of-process protocol.
/// </summary>
public sealed class WebhookProviderFactory : IDnsProviderFactory
{
    internal const string ProviderName = "webhook";

    /// <summary>
    /// None of the flags: one <c>POST /records</c> carries a batch, but the protocol promises no
    /// transaction (the server may write change by change) and has no conditional writes;
    /// reads are one shared <c>GET /records</c>, not metered per name.
    /// </summary>
    internal const ProviderCapabilities ProviderCapabilitiesValue = ProviderCapabilities.None;

    internal const string UrlOption = "--webhook-url";
    internal const string TimeoutOption = "--webhook-timeout";
    internal const string ZoneOption = "--webhook-zone";

    private readonly ProviderDependencies _dependencies;

    public WebhookProviderFactory()
        : this(ProviderDependencies.Default)
    {
    }

    /// <summary>The transport under the client, clock and retry waits (<see cref="ProviderDependencies"/>).</summary>
    public WebhookProviderFactory(ProviderDependencies dependencies)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        _dependencies = dependencies;
    }

    public string Name => ProviderName;

    public string Description =>
        "Any DNS host behind an ExternalDNS webhook server (external-dns --webhook-server, community webhooks). "
        + "Not atomic and not conditional: apply re-reads GET /records and refuses a stale plan just before one POST /records; "
        + "a change made in that moment (one request's time) is not detected";

    public ProviderCapabilities Capabilities => ProviderCapabilitiesValue;

    public IReadOnlyList<ProviderOption> Options { get; } =
    [
        new(UrlOption, $"The webhook server (default {WebhookUrl.Default}, the protocol's port); plain http only to loopback, https elsewhere") { ValueName = "URL" },
        new(TimeoutOption, "How long one request may take (default 30s); reads that time out are retried, writes are not") { ValueName = "DURATION" },
        new(ZoneOption, "The zone of the server name when the webhook's domain filter names none (empty: every domain, or regexes only)") { ValueName = "ZONE" },
    ];

    public IDnsProvider Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parsed = Parse(settings);
        if (_dependencies.Retry is { } retry)
        {
            parsed = parsed with { RetryPolicy = retry };
        }

        var handler = _dependencies.Transport ?? new SocketsHttpHandler
        {
            // A redirect could take the request to plain http off loopback; the protocol has none.
            AllowAutoRedirect = false,
            ConnectTimeout = parsed.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var http = new HttpClient(handler, disposeHandler: _dependencies.Transport is null) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var api = new WebhookApiClient(http, parsed.Url, new RetryExecutor(parsed.RetryPolicy, _dependencies.Time), parsed.Timeout);
        return new WebhookProvider(api, parsed);
    }

    internal static WebhookSettings Parse(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var zoneText = settings.Get(ZoneOption);
        DnsName? zone = null;
        if (zoneText is not null && (!DnsName.TryParse(zoneText, out zone) || zone!.IsRoot))
        {
            throw new InvalidInputException($"{ZoneOption} '{zoneText}' is not a domain name; give the zone, e.g. example.com.");
        }

        return new WebhookSettings
        {
            Url = WebhookUrl.Parse(settings.Get(UrlOption)),
            Timeout = settings.GetDuration(TimeoutOption) ?? TimeSpan.FromSeconds(30),
            Zone = zone,
        };
    }
}
