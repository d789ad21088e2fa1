using SrvProvisioner.Core.Providers.Resilience;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>The Cloudflare provider's settings after parsing and defaulting.</summary>
internal sealed record CloudflareSettings
{
    public string? ZoneId { get; init; }

    public required Uri Endpoint { get; init; }

    /// <summary>Where the token came from, for messages ("CLOUDFLARE_API_TOKEN"); never the token.</summary>
    public required string TokenSource { get; init; }

    /// <summary>Requests a 5-minute window this process sends (Cloudflare allows 1,200 per user).</summary>
    public int RequestsPerFiveMinutes { get; init; } = 1200;

    /// <summary>Record operations in one batch (Cloudflare: 200 on the free plan, 3,500 on paid plans).</summary>
    public int BatchLimit { get; init; } = 200;

    /// <summary>A proxied SRV target is reported as an error that does not block apply.</summary>
    public bool AllowProxiedTarget { get; init; }

    /// <summary>Per-request timeout; a timed-out request is retried.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The default backoff, but Cloudflare's rate limit counts over 5 minutes, so a
    /// <c>Retry-After</c> up to that long is honoured rather than given up on.
    /// </summary>
    public RetryPolicy RetryPolicy { get; init; } = RetryPolicy.Default with { MaxServiceDelay = TimeSpan.FromMinutes(5) };
}
