namespace SrvProvisioner.Core.Providers.Resilience;

/// <summary>
/// How often and how long to retry a failed call: at most <see cref="MaxAttempts"/> tries,
/// waits growing exponentially from <see cref="BaseDelay"/> up to <see cref="MaxDelay"/> with
/// "full jitter" (a uniformly random wait between zero and the exponential bound), which
/// spreads competing clients apart best ("Exponential Backoff And Jitter", AWS Architecture
/// Blog, 2015; AWS SDKs' standard retry mode). A delay the service asks for itself
/// (<c>Retry-After</c>) is honoured up to <see cref="MaxServiceDelay"/>.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>8 tries, 100 ms growing to at most 20 s: about a minute of worst-case waiting.</summary>
    public static RetryPolicy Default { get; } = new(8, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20));

    /// <summary>A service asking for a longer wait than this ends the retries (the caller reports the error).</summary>
    public TimeSpan MaxServiceDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (1 = the first retry):
    /// random in [0, min(MaxDelay, BaseDelay * 2^(retry-1))], and never less than what the
    /// service asked for.
    /// </summary>
    public TimeSpan DelayBefore(int retry, TimeSpan? serviceDelay, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var exponent = Math.Clamp(retry - 1, 0, 30);
        var boundMs = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        var jittered = TimeSpan.FromMilliseconds(random.NextDouble() * boundMs);
        return serviceDelay is { } asked && asked > jittered ? asked : jittered;
    }
}
