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
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var serving = Task.Run(async () =>
        {
            var buffer = new byte[512];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            var received = await server.ReceiveFromAsync(buffer, SocketFlags.None, from);
            var query = buffer[..received.ReceivedBytes];

            // First a datagram with another ID (an off-path guess), then the real answer.
            var forged = AsResponse(query);
            BinaryPrimitives.WriteUInt16BigEndian(forged, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(query) ^ 0xFFFF));
            await server.SendToAsync(forged, SocketFlags.None, received.RemoteEndPoint);
            await server.SendToAsync(AsResponse(query), SocketFlags.None, received.RemoteEndPoint);
            return BinaryPrimitives.ReadUInt16BigEndian(query);
        });

        var response = await UdpDnsQuery.ExchangeAsync((IPEndPoint)server.LocalEndPoint!, "example.com.", 1, TimeSpan.FromSeconds(5), CancellationToken.None);
        var askedId = await serving;

        response.Message.ShouldNotBeNull(response.Error);
        var message = DnsMessage.Parse(new ArraySegment<byte>(response.Message));
        message.TransactionID.ShouldBe(askedId);
        message.IsQuery.ShouldBeFalse();
        message.Questions[0].Name.ToString().ShouldBe("example.com.");
    }

    [Fact]
    public async Task Exchange_TimesOut_WhenOnlyForgedDatagramsArrive()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var serving = Task.Run(async () =>
        {
            var buffer = new byte[512];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            var received = await server.ReceiveFromAsync(buffer, SocketFlags.None, from);
            var forged = AsResponse(UdpDnsQuery.Encode(1, "attacker.example.", 1));
            await server.SendToAsync(forged, SocketFlags.None, received.RemoteEndPoint);
        });

        var response = await UdpDnsQuery.ExchangeAsync((IPEndPoint)server.LocalEndPoint!, "example.com.", 1, TimeSpan.FromMilliseconds(500), CancellationToken.None);
        await serving;

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
}
