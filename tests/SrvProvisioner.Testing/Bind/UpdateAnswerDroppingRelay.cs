using System.Net;
using System.Net.Sockets;

namespace SrvProvisioner.Testing.Bind;

/// <summary>
/// A UDP relay on loopback in front of a DNS server: it forwards every message and relays its
/// answer, except that while <see cref="DropUpdateAnswers"/> is set it drops the server's
/// answer to an UPDATE (RFC 2136 §2.2: OPCODE 5). The update lands on the server; the sender
/// never hears so, as when a network drops the reply or the sender is stopped while it waits.
/// </summary>
public sealed class UpdateAnswerDroppingRelay : IAsyncDisposable
{
    private const int UpdateOpcode = 5;

    private readonly UdpClient _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _updatesDropped;
    private int _updatesSeen;

    private UpdateAnswerDroppingRelay(IPEndPoint upstream)
    {
        _upstream = upstream;
        _listener = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_listener.Client.LocalEndPoint!;
        _loop = RunAsync();
    }

    public IPEndPoint EndPoint { get; }

    public string Address => $"{EndPoint.Address}:{EndPoint.Port}";

    public bool DropUpdateAnswers { get; set; } = true;

    /// <summary>How many update answers were dropped so far.</summary>
    public int UpdatesDropped => Volatile.Read(ref _updatesDropped);

    /// <summary>How many UPDATE messages were relayed so far (dropped answers or not).</summary>
    public int UpdatesSeen => Volatile.Read(ref _updatesSeen);

    public static UpdateAnswerDroppingRelay Start(IPEndPoint upstream) => new(upstream);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var received = await _listener.ReceiveAsync(_stop.Token);
            _ = RelayAsync(received.Buffer, received.RemoteEndPoint);
        }
    }

    private async Task RelayAsync(byte[] message, IPEndPoint client)
    {
        try
        {
            if (message.Length > 2 && ((message[2] >> 3) & 0x0F) == UpdateOpcode)
            {
                Interlocked.Increment(ref _updatesSeen);
            }

            using var upstream = new UdpClient(_upstream.AddressFamily);
            upstream.Connect(_upstream);
            await upstream.SendAsync(message, _stop.Token);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            wait.CancelAfter(TimeSpan.FromSeconds(10));
            var answer = await upstream.ReceiveAsync(wait.Token);
            var opcode = message.Length > 2 ? (message[2] >> 3) & 0x0F : -1;
            if (opcode == UpdateOpcode && DropUpdateAnswers)
            {
                Interlocked.Increment(ref _updatesDropped);
                return;
            }

            await _listener.SendAsync(answer.Buffer, client, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The server did not answer, or the relay is stopping: the client times out.
        }
    }
}
