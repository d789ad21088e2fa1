namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// A probe connection opened before discovery knows it will be needed (an address hinted in an
/// SRV answer's additional section). It is either kept, when the target's A/AAAA answer lists
/// its address, or discarded: cancelled if still connecting, closed if established.
/// </summary>
internal sealed class EarlyConnection
{
    private readonly CancellationTokenSource _cancel;
    private readonly Task<ProbeConnection> _connection;

    private EarlyConnection(CancellationTokenSource cancel, Task<ProbeConnection> connection)
    {
        _cancel = cancel;
        _connection = connection;
    }

    public static EarlyConnection Start(ProbeTarget target, CancellationToken cancellationToken)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return new(cancel, FederationProbe.ConnectAsync(target, cancel.Token));
    }

    /// <summary>The connection, for the probe of the same endpoint.</summary>
    public Task<ProbeConnection> Keep()
    {
        _ = _connection.ContinueWith(static (_, cancel) => ((CancellationTokenSource)cancel!).Dispose(), _cancel, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return _connection;
    }

    /// <summary>Not needed after all: stop it and close what it opened; nothing of it is reported.</summary>
    public void Discard()
    {
        _cancel.Cancel();
        _ = DisposeWhenDoneAsync();
    }

    private async Task DisposeWhenDoneAsync()
    {
        try
        {
            await using var connection = await _connection;
        }
        catch (OperationCanceledException)
        {
            // Cancelled while connecting: nothing was opened.
        }
        finally
        {
            _cancel.Dispose();
        }
    }
}
