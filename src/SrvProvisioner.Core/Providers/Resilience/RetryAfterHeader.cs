namespace SrvProvisioner.Core.Providers.Resilience;

/// <summary>
/// The wait a service asks for in <c>Retry-After</c> (RFC 9110 §10.2.3): delay-seconds, or an
/// HTTP-date (a date already past means "now"). <see cref="RetryPolicy.DelayBefore"/> honours it.
/// </summary>
public static class RetryAfterHeader
{
    /// <summary>The wait <paramref name="response"/> asks for, or null when it names none.</summary>
    public static TimeSpan? Read(HttpResponseMessage response, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - (time ?? TimeProvider.System).GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
