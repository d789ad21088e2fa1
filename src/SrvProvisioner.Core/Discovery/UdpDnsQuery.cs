using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace SrvProvisioner.Core.Discovery;

/// <summary>What one UDP exchange gave: the raw response, or why there is none.</summary>
internal readonly record struct UdpDnsResponse(byte[]? Message, string? Error, bool TimedOut);

/// <summary>
/// One DNS question over UDP on its own socket, the way a stub resolver asks: a fresh random
/// source port and a random ID per query, and only a response that repeats the ID and the
/// question is accepted (RFC 5452 §9.1); everything else on the socket is ignored until the
/// timeout. The response is parsed by ARSoft.Tools.Net (<c>DnsMessage.Parse</c>); this class only
/// replaces its per-query transport, which allocated a 64 KiB buffer and several tasks per
/// question and dominated verify's CPU time (docs/performance.md, section 4).
/// </summary>
internal static class UdpDnsQuery
{
    /// <summary>The EDNS UDP payload size of DNS Flag Day 2020: large enough for SRV answers, small enough not to fragment.</summary>
    public const ushort EdnsPayloadSize = 1232;

    private const int HeaderLength = 12;

    public static async Task<UdpDnsResponse> ExchangeAsync(IPEndPoint server, string fqdn, ushort type, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var query = Encode(id, fqdn, type);
        var buffer = ArrayPool<byte>.Shared.Rent(EdnsPayloadSize * 4);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // A connected UDP socket only delivers datagrams from the server's address and port.
            socket.Connect(server);
            await socket.SendAsync(query, SocketFlags.None, deadline.Token);
            while (true)
            {
                var length = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                if (IsResponseTo(buffer.AsSpan(0, length), query))
                {
                    return new UdpDnsResponse(buffer[..length], null, false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new UdpDnsResponse(null, null, true);
        }
        catch (SocketException ex)
        {
            // ICMP port unreachable arrives as ConnectionRefused on the next receive.
            return new UdpDnsResponse(null, ex.Message, false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A standard query (RFC 1035 §4.1): header with RD set, one question of class IN, and an
    /// OPT pseudo-record (RFC 6891 §6.1.2) announcing <see cref="EdnsPayloadSize"/>.
    /// </summary>
    public static byte[] Encode(ushort id, string fqdn, ushort type)
    {
        var name = EncodeName(fqdn);
        var message = new byte[HeaderLength + name.Length + 4 + 11];
        var span = message.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, id);
        span[2] = 0x01; // QR=0, OPCODE=QUERY, RD=1
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], 1); // QDCOUNT
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], 1); // ARCOUNT (the OPT record)
        name.CopyTo(span[HeaderLength..]);
        var at = HeaderLength + name.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], type);
        BinaryPrimitives.WriteUInt16BigEndian(span[(at + 2)..], 1); // CLASS IN
        at += 4;
        span[at] = 0; // OPT owner: the root
        BinaryPrimitives.WriteUInt16BigEndian(span[(at + 1)..], 41); // TYPE OPT
        BinaryPrimitives.WriteUInt16BigEndian(span[(at + 3)..], EdnsPayloadSize); // CLASS = UDP payload size
        // TTL (extended RCODE, version 0, flags 0) and RDLENGTH 0 stay zero.
        return message;
    }

    /// <summary>The wire form of an absolute A-label name (RFC 1035 §3.1); <see cref="Dns.DnsName"/> has checked the lengths.</summary>
    private static byte[] EncodeName(string fqdn)
    {
        var labels = fqdn.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        var bytes = new List<byte>(fqdn.Length + 2);
        foreach (var label in labels)
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }

    /// <summary>
    /// True when <paramref name="response"/> answers <paramref name="query"/>: same ID, QR set,
    /// one question with the same name (ASCII case-insensitive, RFC 4343), type and class.
    /// </summary>
    internal static bool IsResponseTo(ReadOnlySpan<byte> response, ReadOnlySpan<byte> query)
    {
        if (response.Length < HeaderLength || response[0] != query[0] || response[1] != query[1] || (response[2] & 0x80) == 0)
        {
            return false;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(response[4..]) != 1)
        {
            return false;
        }

        // The question of the query: the name up to its root label, then type and class.
        var questionLength = query[HeaderLength..].IndexOf((byte)0) + 1 + 4;
        if (response.Length < HeaderLength + questionLength)
        {
            return false;
        }

        var asked = query.Slice(HeaderLength, questionLength);
        var echoed = response.Slice(HeaderLength, questionLength);
        var nameLength = questionLength - 4;
        for (var i = 0; i < nameLength; i++)
        {
            if (ToLowerAscii(asked[i]) != ToLowerAscii(echoed[i]))
            {
                return false;
            }
        }

        return asked[nameLength..].SequenceEqual(echoed[nameLength..]);
    }

    private static byte ToLowerAscii(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
}
