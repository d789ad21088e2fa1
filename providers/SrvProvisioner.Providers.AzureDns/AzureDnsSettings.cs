using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Providers.AzureDns;

/// <summary>The Azure DNS provider's settings after parsing and defaulting.</summary>
internal sealed record AzureDnsSettings
{
    public required string SubscriptionId { get; init; }

    public string? ResourceGroup { get; init; }

    public DnsName? Zone { get; init; }

    public required Uri Endpoint { get; init; }

    public string? Tenant { get; init; }

    /// <summary>
    /// Reads this process sends to the subscription a minute. Microsoft.Network allows 10,000
    /// GETs per 5 minutes per subscription ("Request limits and throttling", Network throttling).
    /// </summary>
    public int ReadsPerMinute { get; init; } = 2000;

    /// <summary>Writes (PUT, DELETE) a minute: Microsoft.Network allows 1,000 per 5 minutes.</summary>
    public int WritesPerMinute { get; init; } = 200;

    /// <summary>Retries after the first try (Azure.Core RetryOptions.MaxRetries).</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>First backoff; doubles per retry with jitter (a Retry-After from Azure wins when longer).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.8);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Per try (Azure.Core RetryOptions.NetworkTimeout); a timed-out try is retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>$top</c> for zone listings (ARM serves at most 100 zones a page by default).</summary>
    public int ZonePageSize { get; init; } = 100;

    /// <summary>True when the token comes from AZURE_ACCESS_TOKEN (error messages name it).</summary>
    public bool StaticToken { get; init; }
}
