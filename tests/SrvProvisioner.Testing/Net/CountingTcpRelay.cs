using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SrvProvisioner.Testing.Net;

/// <summary>
/// A TCP relay that passes bytes unchanged and records when each connection was accepted:
/// which addresses a client really connected to, how often and when.
/// </summary>
public sealed class CountingTcpRelay : TcpRelay
{
    public CountingTcpRelay(IPAddress listen, IPEndPoint upstream, int port = 0)
        : base(listen, upstream, port)
    {
        Start();
    }

    /// <summary>When each connection was accepted, in order.</summary>
    public ConcurrentQueue<DateTimeOffset> Accepted { get; } = new();

    protected override void OnAccepted() => Accepted.Enqueue(DateTimeOffset.UtcNow);

    protected override async Task PumpAsync(Socket from, Socket to, bool towardsUpstream)
    {
        var buffer = new byte[16384];
        while (true)
        {
            var n = await from.ReceiveAsync(buffer, SocketFlags.None, Stopping);
            if (n == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, Stopping);
        }
    }
}
