using System.Net;
using System.Net.Sockets;
using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Bench.Verify;

/// <summary>
/// A TCP relay in front of a loopback server: every chunk is delayed by half the round trip in
/// each direction, and a new connection's first bytes are held one more round trip, standing
/// for the TCP handshake that loopback completes at once.
/// </summary>
internal sealed class TcpDelayProxy : TcpRelay
{
    private readonly LinkDelay _delay;

    public TcpDelayProxy(IPEndPoint upstream, LinkDelay delay)
        : base(IPAddress.Loopback, upstream)
    {
        _delay = delay;
        Start();
    }

    protected override async Task PumpAsync(Socket from, Socket to, bool towardsUpstream)
    {
        var line = new DelayLine<byte[]>(() => _delay.RoundTrip / 2, async (data, ct) =>
        {
            if (data.Length == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            await to.SendAsync(data, SocketFlags.None, ct);
        }, Stopping);
        var buffer = new byte[65536];
        var extra = towardsUpstream ? _delay.RoundTrip : TimeSpan.Zero;
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, Stopping);
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
