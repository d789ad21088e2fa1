using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers.Resilience;

namespace SrvProvisioner.Providers.Webhook;

/// <summary>The webhook provider's settings after parsing and defaulting.</summary>
internal sealed record WebhookSettings
{
    public required Uri Url { get; init; }

    /// <summary>Per-request timeout; reads that time out are retried, writes are not.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The zone when the webhook's domain filter names none (empty, or regexes only).</summary>
    public DnsName? Zone { get; init; }

    /// <summary>5 tries, 250 ms growing to at most 5 s: about 10 s of waiting at worst for a webhook that answers 5xx.</summary>
    public RetryPolicy RetryPolicy { get; init; } = new(5, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
}
