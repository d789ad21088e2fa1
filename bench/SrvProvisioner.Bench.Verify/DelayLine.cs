using System.Diagnostics;
using System.Threading.Channels;

namespace SrvProvisioner.Bench.Verify;

/// <summary>
/// Delivers items in order, each no earlier than its arrival plus a fixed delay: one direction
/// of a link with a one-way latency (kernel netem is not available on the bench machine).
/// </summary>
internal sealed class DelayLine<T>
{
    private readonly Channel<(long Due, T Item)> _queue = Channel.CreateUnbounded<(long, T)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<TimeSpan> _delay;

    public DelayLine(Func<TimeSpan> delay, Func<T, CancellationToken, ValueTask> deliver, CancellationToken cancellationToken)
    {
        _delay = delay;
        Completion = Task.Run(() => PumpAsync(deliver, cancellationToken), cancellationToken);
    }

    public Task Completion { get; }

    /// <summary>Queues <paramref name="item"/>; <paramref name="extra"/> holds it longer (a connection's first bytes wait for the simulated handshake).</summary>
    public void Post(T item, TimeSpan extra = default) =>
        _queue.Writer.TryWrite((Stopwatch.GetTimestamp() + (long)((_delay() + extra).TotalSeconds * Stopwatch.Frequency), item));

    public void Complete() => _queue.Writer.TryComplete();

    private async Task PumpAsync(Func<T, CancellationToken, ValueTask> deliver, CancellationToken cancellationToken)
    {
        await foreach (var (due, item) in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await deliver(item, cancellationToken);
        }
    }
}
