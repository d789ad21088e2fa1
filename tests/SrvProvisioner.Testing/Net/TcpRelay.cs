using System.Net;
using System.Net.Sockets;

namespace SrvProvisioner.Testing.Net;

/// <summary>
/// A TCP relay on a loopback address in front of one upstream endpoint: accepts connections,
/// opens one upstream connection for each and pumps both directions until a side closes or the
/// relay stops. Subclasses decide what a pump does to the bytes (nothing, delay them) and may
/// note each accepted connection.
/// </summary>
public abstract class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    protected TcpRelay(IPAddress listen, IPEndPoint upstream, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        _upstream = upstream;
        _listener = new TcpListener(listen, port);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public int Port => EndPoint.Port;

    /// <summary>The token that stops every pump when the relay is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts listening; called by the subclass once it is fully constructed.</summary>
    protected void Start()
    {
        _listener.Start(512);
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>Called for each accepted connection, before its upstream connection is opened.</summary>
    protected virtual void OnAccepted()
    {
    }

    /// <summary>Moves bytes from <paramref name="from"/> to <paramref name="to"/> until <paramref name="from"/> closes.</summary>
    protected abstract Task PumpAsync(Socket from, Socket to, bool towardsUpstream);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            OnAccepted();
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var _ = client;
        using var server = new Socket(_upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_upstream, _stop.Token);
            await Task.WhenAll(PumpAsync(client, server, towardsUpstream: true), PumpAsync(server, client, towardsUpstream: false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // a side closed or the relay stops
        }
    }
}
