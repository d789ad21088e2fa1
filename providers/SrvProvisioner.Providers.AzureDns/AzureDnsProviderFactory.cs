using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Providers.AzureDns.Api;
using SrvProvisioner.Providers.AzureDns.Auth;

namespace SrvProvisioner.Providers.AzureDns;

/// <summary>
/// <c>--provider azure</c>: Azure DNS through Azure Resource Manager, on Azure.Core's HTTP
/// pipeline (bearer token, retries honouring Retry-After, per-try timeout, logging with
/// secrets redacted) and Azure.Identity's <see cref="DefaultAzureCredential"/>, or a token
/// handed over in <c>AZURE_ACCESS_TOKEN</c>.
/// </summary>
public sealed class AzureDnsProviderFactory : IDnsProviderFactory
{
    internal const string ProviderName = "azure";

    internal const string SubscriptionOption = "--azure-subscription";
    internal const string ResourceGroupOption = "--azure-resource-group";
    internal const string ZoneOption = "--azure-zone";
    internal const string EndpointOption = "--azure-endpoint";
    internal const string TenantOption = "--azure-tenant";
    internal const string WritesOption = "--azure-max-writes-per-minute";
    internal const string ReadsOption = "--azure-max-reads-per-minute";
    internal const string RetriesOption = "--azure-max-retries";
    internal const string TimeoutOption = "--azure-timeout";

    internal const string SubscriptionVariable = "AZURE_SUBSCRIPTION_ID";
    internal const string TokenVariable = "AZURE_ACCESS_TOKEN";

    private readonly Func<string, string?> _environment;
    private readonly HttpMessageHandler? _transport;

    public AzureDnsProviderFactory()
        : this(Environment.GetEnvironmentVariable, null)
    {
    }

    /// <summary>For tests: another environment and a transport under the pipeline.</summary>
    internal AzureDnsProviderFactory(Func<string, string?> environment, HttpMessageHandler? transport)
    {
        _environment = environment;
        _transport = transport;
    }

    /// <summary>Tests shorten retry waits here; null keeps the defaults.</summary>
    internal Func<AzureDnsSettings, AzureDnsSettings>? Tune { get; init; }

    public string Name => ProviderName;

    public string Description => "Azure DNS (DefaultAzureCredential or AZURE_ACCESS_TOKEN; ETag-conditional writes, one record set at a time)";

    public ProviderCapabilities Capabilities =>
        ProviderCapabilities.ConditionalWrites | ProviderCapabilities.MeteredReads;

    public IReadOnlyList<ProviderOption> Options { get; } =
    [
        new(SubscriptionOption, "Subscription ID that holds the zone") { Required = true, EnvironmentVariable = SubscriptionVariable, ValueName = "ID" },
        new(ResourceGroupOption, "Resource group of the zone (default: search the whole subscription)") { ValueName = "NAME" },
        new(ZoneOption, "DNS zone name (default: the closest enclosing zone); with --azure-resource-group no listing is needed") { ValueName = "ZONE" },
        new(EndpointOption, $"Resource Manager endpoint (default {AzureEndpoint.Default}; https://management.chinacloudapi.cn, https://management.usgovcloudapi.net); http only for loopback") { ValueName = "URL" },
        new(TenantOption, "Microsoft Entra tenant for DefaultAzureCredential (default: the credential's own)") { ValueName = "ID" },
        new(WritesOption, "PUT/DELETE requests a minute this process sends to the subscription (default 200: Microsoft.Network allows 1,000 per 5 minutes)") { ValueName = "N" },
        new(ReadsOption, "GET requests a minute this process sends to the subscription (default 2000: Microsoft.Network allows 10,000 per 5 minutes)") { ValueName = "N" },
        new(RetriesOption, "Retries of a throttled (429), busy (409), failed (5xx) or timed-out request (default 6)") { ValueName = "N" },
        new(TimeoutOption, "Timeout of each try (default 30s)") { ValueName = "DURATION" },
    ];

    public IDnsProvider Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parsed = Parse(settings);
        parsed = Tune?.Invoke(parsed) ?? parsed;
        var credential = CreateCredential(parsed);
        var options = new ArmClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = parsed.MaxRetries;
        options.Retry.Delay = parsed.RetryDelay;
        options.Retry.MaxDelay = parsed.MaxRetryDelay;
        options.Retry.NetworkTimeout = parsed.RequestTimeout;
        options.Diagnostics.ApplicationId = "srvprov";
        options.Diagnostics.IsDistributedTracingEnabled = false;
        HttpClientTransport? transport = null;
        if (_transport is not null)
        {
            transport = new HttpClientTransport(_transport);
            options.Transport = transport;
        }

        // Limits are per subscription, so one limiter per endpoint and subscription serves the whole process.
        var key = $"azure|{parsed.Endpoint.AbsoluteUri}|{parsed.SubscriptionId.ToLowerInvariant()}";
        var reads = RequestRateLimiter.Shared(key + "|reads", parsed.ReadsPerMinute / 60.0, burst: 20);
        var writes = RequestRateLimiter.Shared(key + "|writes", parsed.WritesPerMinute / 60.0, burst: 4);
        var scope = AzureEndpoint.Scope(parsed.Endpoint);
        HttpPipelinePolicy auth = parsed.Endpoint.Scheme == Uri.UriSchemeHttps
            ? new BearerTokenAuthenticationPolicy(credential, scope)
            : new LoopbackBearerTokenPolicy(credential, scope);
        var pipelineOptions = new HttpPipelineOptions(options) { ResponseClassifier = new ArmResponseClassifier() };
        pipelineOptions.PerRetryPolicies.Add(new PacingPolicy(reads, writes));
        pipelineOptions.PerRetryPolicies.Add(auth);
        var pipeline = HttpPipelineBuilder.Build(pipelineOptions);
        return new AzureDnsProvider(new ArmDnsClient(pipeline, parsed.Endpoint, parsed.SubscriptionId, transport), parsed);
    }

    internal AzureDnsSettings Parse(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var subscription = settings.Get(SubscriptionOption)?.Trim() ?? _environment(SubscriptionVariable)?.Trim();
        if (string.IsNullOrEmpty(subscription))
        {
            throw new InvalidInputException($"Provider 'azure' needs {SubscriptionOption} (or set {SubscriptionVariable}); 'az account show --query id' prints the current one.");
        }

        if (!Guid.TryParse(subscription, out _))
        {
            throw new InvalidInputException($"{SubscriptionOption} '{subscription}' is not a subscription ID (a GUID such as 00000000-0000-0000-0000-000000000000).");
        }

        var group = settings.Get(ResourceGroupOption)?.Trim();
        if (group is not null && (group.Length > 90 || group.Contains('/', StringComparison.Ordinal)))
        {
            throw new InvalidInputException($"{ResourceGroupOption} '{group}' is not a resource group name.");
        }

        // Azure.Identity throws ArgumentException for a tenant of other characters; say it here, once.
        var tenant = settings.Get(TenantOption)?.Trim();
        if (tenant is not null && (tenant.Length is 0 or > 256 || !tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
        {
            var shown = tenant.Length > 80 ? tenant[..77] + "..." : tenant;
            throw new InvalidInputException($"{TenantOption} '{shown}' is not a tenant: give its ID (a GUID) or its domain (contoso.onmicrosoft.com).");
        }

        var zone = settings.Get(ZoneOption) is { } zoneText ? DnsName.Parse(zoneText) : null;
        return new AzureDnsSettings
        {
            SubscriptionId = subscription,
            ResourceGroup = group,
            Zone = zone,
            Endpoint = AzureEndpoint.Parse(settings.Get(EndpointOption)),
            Tenant = tenant,
            WritesPerMinute = settings.GetInt(WritesOption, 1, 100_000) ?? 200,
            ReadsPerMinute = settings.GetInt(ReadsOption, 1, 100_000) ?? 2000,
            MaxRetries = settings.GetInt(RetriesOption, 0, 20) ?? 6,
            RequestTimeout = settings.GetDuration(TimeoutOption) ?? TimeSpan.FromSeconds(30),
            StaticToken = !string.IsNullOrWhiteSpace(_environment(TokenVariable)),
        };
    }

    private TokenCredential CreateCredential(AzureDnsSettings settings)
    {
        if (_environment(TokenVariable) is { } token && !string.IsNullOrWhiteSpace(token))
        {
            return new StaticTokenCredential(token);
        }

        // Environment (service principal), workload identity, managed identity, Azure CLI, ...
        // in Azure.Identity's documented order; AZURE_TOKEN_CREDENTIALS narrows it.
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { TenantId = settings.Tenant });
    }
}
