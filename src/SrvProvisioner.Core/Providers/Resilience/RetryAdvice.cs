namespace SrvProvisioner.Core.Providers.Resilience;

/// <summary>
/// What a provider's classifier says about one failure: give up, or retry (optionally after
/// at least the delay the service asked for, e.g. from <c>Retry-After</c>).
/// </summary>
public sealed record RetryAdvice
{
    private RetryAdvice(bool shouldRetry, TimeSpan? serviceDelay)
    {
        ShouldRetry = shouldRetry;
        ServiceDelay = serviceDelay;
    }

    public static RetryAdvice Stop { get; } = new(false, null);

    public bool ShouldRetry { get; }

    public TimeSpan? ServiceDelay { get; }

    public static RetryAdvice Retry(TimeSpan? serviceDelay = null) => new(true, serviceDelay);
}

/// <summary>Decides whether a failure is transient. Providers know their service's signals; Core knows the waiting.</summary>
public delegate RetryAdvice RetryClassifier(Exception exception);
