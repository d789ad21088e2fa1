using System.Net;
using System.Net.Sockets;

namespace SrvProvisioner.Bench.Verify;

/// <summary>
/// A TCP relay in front of a loopback server: every chunk is delayed by half the round trip in
/// each direction, and a new connection's first bytes are held one more round trip, standing
/// for the TCP handshake that loopback completes at once.
/// </summary>
internal sealed class TcpDelayProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly LinkDelay _delay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TcpDelayProxy(IPEndPoint upstream, LinkDelay delay)
    {
        _upstream = upstream;
        _delay = delay;
        _listener.Start(512);
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

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
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var _ = client;
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_upstream, _stop.Token);
            await Task.WhenAll(PumpAsync(client, server, _delay.RoundTrip), PumpAsync(server, client, TimeSpan.Zero));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // a side closed or the proxy stops
        }
    }

    private async Task PumpAsync(Socket from, Socket to, TimeSpan firstExtra)
    {
        var line = new DelayLine<byte[]>(() => _delay.RoundTrip / 2, async (data, ct) =>
        {
            if (data.Length == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            await to.SendAsync(data, SocketFlags.None, ct);
        }, _stop.Token);
        var buffer = new byte[65536];
        var extra = firstExtra;
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                line.Post(buffer[..n], extra);
                extra = TimeSpan.Zero;
                if (n == 0)
                {
                    break;
                }
            }
        }
        catch (SocketException)
        {
            line.Post([]);
        }

        line.Complete();
        await line.Completion;
    }
}
