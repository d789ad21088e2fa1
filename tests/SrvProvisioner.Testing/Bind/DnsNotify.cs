using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SrvProvisioner.Testing.Bind;

/// <summary>
/// Sends a DNS NOTIFY (RFC 1996 §3) for a zone to a secondary, from the primary's address, so
/// that a test decides when a secondary with NOTIFY off and a long refresh catches up.
/// </summary>
public static class DnsNotify
{
    public static async Task SendAsync(IPAddress from, IPEndPoint secondary, string zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var name = new List<byte>();
        foreach (var label in zone.TrimEnd('.').Split('.'))
        {
            name.Add((byte)label.Length);
            name.AddRange(Encoding.ASCII.GetBytes(label));
        }

        name.Add(0);
        var message = new byte[12 + name.Count + 4];
        BinaryPrimitives.WriteUInt16BigEndian(message, (ushort)Random.Shared.Next(ushort.MaxValue));
        message[2] = (4 << 3) | 0x04; // OPCODE NOTIFY, AA
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), 1); // QDCOUNT
        name.CopyTo(message, 12);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(12 + name.Count), 6); // SOA
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(14 + name.Count), 1); // IN
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(from, 0));
        await socket.SendToAsync(message, SocketFlags.None, secondary, cancellationToken);
    }
}
