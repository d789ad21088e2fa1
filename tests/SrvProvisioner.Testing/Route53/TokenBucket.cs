namespace SrvProvisioner.Testing.Route53;

/// <summary>
/// Refills at <c>rate</c> tokens per second up to <c>capacity</c>; each request takes one.
/// Not thread-safe: the emulator calls it under its lock.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _rate;
    private readonly double _capacity;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(double rate, int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _rate = rate;
        _capacity = capacity;
        _time = time;
        _tokens = capacity;
        _last = time.GetTimestamp();
    }

    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _rate));
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
