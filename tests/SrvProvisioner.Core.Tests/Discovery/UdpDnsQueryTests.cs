using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using SrvProvisioner.Core.Discovery;

namespace SrvProvisioner.Core.Tests.Discovery;

/// <summary>
/// The UDP transport of discovery's DNS: the query it writes (decoded by ARSoft.Tools.Net, an
/// independent parser) and which datagrams it accepts as the answer (RFC 5452 §9.1), against a
/// loopback UDP peer that misbehaves on purpose.
/// </summary>
public sealed class UdpDnsQueryTests
{
    [Fact]
    public void Query_DecodesAsOneQuestionWithRecursionAndEdns()
    {
        var wire = UdpDnsQuery.Encode(0x1234, "_matrix-fed._tcp.example.com.", 33);

        var message = DnsMessage.Parse(new ArraySegment<byte>(wire));

        message.TransactionID.ShouldBe((ushort)0x1234);
        message.IsQuery.ShouldBeTrue();
        message.IsRecursionDesired.ShouldBeTrue();
        message.Questions.Count.ShouldBe(1);
        message.Questions[0].Name.ToString().ShouldBe("_matrix-fed._tcp.example.com.");
        message.Questions[0].RecordType.ShouldBe(RecordType.Srv);
        message.Questions[0].RecordClass.ShouldBe(RecordClass.INet);
        message.IsEDnsEnabled.ShouldBeTrue();
        message.EDnsOptions!.UdpPayloadSize.ShouldBe((ushort)1232);
    }

    [Fact]
    public void Response_IsAccepted_WhenOnlyTheNamesCaseDiffers()
    {
        var query = UdpDnsQuery.Encode(7, "matrix.example.com.", 1);
        var response = AsResponse(UdpDnsQuery.Encode(7, "MATRIX.Example.COM.", 1));

        UdpDnsQuery.IsResponseTo(response, query).ShouldBeTrue();
    }

    [Theory]
    [InlineData(8, "matrix.example.com.", 1, true)] // another ID
    [InlineData(7, "matrix.example.org.", 1, true)] // another name
    [InlineData(7, "matrix.example.com.", 28, true)] // another type
    [InlineData(7, "matrix.example.com.", 1, false)] // QR not set: a query, not a response
    public void Response_IsRejected_WhenItAnswersSomethingElse(int id, string name, int type, bool isResponse)
    {
        var query = UdpDnsQuery.Encode(7, "matrix.example.com.", 1);
        var other = UdpDnsQuery.Encode((ushort)id, name, (ushort)type);

        UdpDnsQuery.IsResponseTo(isResponse ? AsResponse(other) : other, query).ShouldBeFalse();
    }

    [Fact]
    public async Task Exchange_IgnoresForgedDatagrams_AndTakesTheMatchingAnswer()
    {
        // First a datagram with another ID (an off-path guess), then the real answer.
        using var server = new OneQueryServer(query =>
        {
            var forged = AsResponse(query);
            BinaryPrimitives.WriteUInt16BigEndian(forged, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(query) ^ 0xFFFF));
            return [forged, AsResponse(query)];
        });

        var response = await UdpDnsQuery.ExchangeAsync(server.EndPoint, "example.com.", 1, TimeSpan.FromSeconds(5), CancellationToken.None);
        var query = await server.Answered;

        response.Message.ShouldNotBeNull(response.Error);
        var message = DnsMessage.Parse(new ArraySegment<byte>(response.Message));
        message.TransactionID.ShouldBe(BinaryPrimitives.ReadUInt16BigEndian(query));
        message.IsQuery.ShouldBeFalse();
        message.Questions[0].Name.ToString().ShouldBe("example.com.");
    }

    [Fact]
    public async Task Exchange_TimesOut_WhenOnlyForgedDatagramsArrive()
    {
        using var server = new OneQueryServer(_ => [AsResponse(UdpDnsQuery.Encode(1, "attacker.example.", 1))]);

        var response = await UdpDnsQuery.ExchangeAsync(server.EndPoint, "example.com.", 1, TimeSpan.FromMilliseconds(500), CancellationToken.None);
        await server.Answered;

        response.Message.ShouldBeNull();
        response.TimedOut.ShouldBeTrue();
    }

    /// <summary>The query turned into an empty NOERROR response: QR set, the question echoed.</summary>
    private static byte[] AsResponse(byte[] query)
    {
        var response = (byte[])query.Clone();
        response[2] |= 0x80;
        return response;
    }

    /// <summary>A loopback UDP peer that receives one query and sends back what <c>reply</c> makes of it.</summary>
    private sealed class OneQueryServer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        public OneQueryServer(Func<byte[], byte[][]> reply)
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Answered = Task.Run(async () =>
            {
                var buffer = new byte[512];
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
                var query = buffer[..received.ReceivedBytes];
                foreach (var datagram in reply(query))
                {
                    await _socket.SendToAsync(datagram, SocketFlags.None, received.RemoteEndPoint);
                }

                return query;
            });
        }

        public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

        /// <summary>The query it received, once it has replied.</summary>
        public Task<byte[]> Answered { get; }

        public void Dispose() => _socket.Dispose();
    }
}
