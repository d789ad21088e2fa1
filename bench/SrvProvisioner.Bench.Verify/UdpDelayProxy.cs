using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SrvProvisioner.Bench.Verify;

/// <summary>
/// A UDP relay in front of a DNS server on loopback: each datagram is delayed by half the
/// round trip in each direction. Every client address gets its own upstream socket, so
/// answers find their way back to the port that asked.
/// </summary>
internal sealed class UdpDelayProxy : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<EndPoint, Socket> _relays = new();
    private readonly DelayLine<(Socket Socket, byte[] Data, EndPoint To)> _line;
    private readonly Task _loop;

    public UdpDelayProxy(IPEndPoint upstream, LinkDelay delay)
    {
        _upstream = upstream;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _line = new(() => delay.RoundTrip / 2, async (d, ct) => await d.Socket.SendToAsync(d.Data, SocketFlags.None, d.To, ct), _stop.Token);
        _loop = Task.Run(ListenAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (var relay in _relays.Values)
        {
            relay.Dispose();
        }

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

    private async Task ListenAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _listener.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            var client = received.RemoteEndPoint;
            var relay = _relays.GetOrAdd(client, c =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                _ = Task.Run(() => ReturnAsync(socket, c));
                return socket;
            });
            _line.Post((relay, buffer[..received.ReceivedBytes], _upstream));
        }
    }

    private async Task ReturnAsync(Socket relay, EndPoint client)
    {
        var buffer = new byte[65536];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await relay.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                _line.Post((_listener, buffer[..received.ReceivedBytes], client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }
    }
}
