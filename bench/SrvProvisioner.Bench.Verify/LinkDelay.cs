namespace SrvProvisioner.Bench.Verify;

/// <summary>The round trip the delay proxies simulate; changed between phases of a run.</summary>
internal sealed class LinkDelay
{
    private long _ticks;

    public TimeSpan RoundTrip
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
        set => Interlocked.Exchange(ref _ticks, value.Ticks);
    }
}
