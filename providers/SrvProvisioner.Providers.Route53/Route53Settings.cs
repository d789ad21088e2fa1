using SrvProvisioner.Core.Providers.Resilience;

namespace SrvProvisioner.Providers.Route53;

/// <summary>The Route 53 provider's settings after parsing and defaulting.</summary>
internal sealed record Route53Settings
{
    public string? HostedZoneId { get; init; }

    public bool AllowPrivate { get; init; }

    public string? Profile { get; init; }

    public bool WaitForInSync { get; init; } = true;

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public double RequestsPerSecond { get; init; } = 5;

    public required Uri Endpoint { get; init; }

    /// <summary>Per-request timeout; a timed-out request is retried.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First GetChange poll after this; doubles up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan FirstPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    public RetryPolicy RetryPolicy { get; init; } = RetryPolicy.Default;

    /// <summary>maxitems for ListResourceRecordSets: enough for the sets at two adjacent names plus one beyond.</summary>
    public int RecordPageSize { get; init; } = 10;
}
