using System.Collections.Concurrent;

namespace SrvProvisioner.Core.Providers.Resilience;

/// <summary>
/// A token bucket that spaces requests to at most <see cref="RequestsPerSecond"/>, with a
/// burst of <see cref="Burst"/> (default 1: evenly spaced, so no one-second window ever
/// exceeds the rate). Implemented as the generic cell rate algorithm: each request reserves
/// the next free slot and waits for it, so concurrent callers queue fairly.
/// <para>
/// Service limits are per account (Route 53: 5 requests per second for the whole account,
/// "Quotas on API requests"; Azure: per subscription), so everything one process sends to
/// the same account must share one limiter: use <see cref="Shared"/> with a key such as
/// <c>"route53|https://route53.amazonaws.com/|AKIA..."</c>.
/// </para>
/// </summary>
public sealed class RequestRateLimiter
{
    private static readonly ConcurrentDictionary<string, RequestRateLimiter> SharedLimiters = new(StringComparer.Ordinal);

    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _tolerance;
    private readonly Lock _gate = new();
    private TimeSpan _theoreticalArrival;

    public RequestRateLimiter(double requestsPerSecond, int burst = 1, TimeProvider? time = null)
    {
        if (!(requestsPerSecond > 0) || double.IsInfinity(requestsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), "The rate must be a positive number of requests per second.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        RequestsPerSecond = requestsPerSecond;
        Burst = burst;
        _time = time ?? TimeProvider.System;
        _interval = TimeSpan.FromSeconds(1 / requestsPerSecond);
        _tolerance = _interval * (burst - 1);
        _theoreticalArrival = Now();
    }

    public double RequestsPerSecond { get; }

    public int Burst { get; }

    /// <summary>
    /// The process-wide limiter for <paramref name="key"/>, created with the given rate on first
    /// use. Later callers share the first one's rate: the limit belongs to the account, not to
    /// the caller.
    /// </summary>
    public static RequestRateLimiter Shared(string key, double requestsPerSecond, int burst = 1)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SharedLimiters.GetOrAdd(key, _ => new RequestRateLimiter(requestsPerSecond, burst));
    }

    /// <summary>Waits until this request may be sent.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var delay = Reserve();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reserves the next slot and returns how long to wait for it (<see cref="WaitAsync"/> is
    /// this plus the wait). A caller that reserves must send at the returned time.
    /// </summary>
    public TimeSpan Reserve()
    {
        lock (_gate)
        {
            var now = Now();
            var arrival = _theoreticalArrival > now ? _theoreticalArrival : now;
            var wait = arrival - _tolerance - now;
            _theoreticalArrival = arrival + _interval;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    private TimeSpan Now() => _time.GetElapsedTime(0, _time.GetTimestamp());
}
