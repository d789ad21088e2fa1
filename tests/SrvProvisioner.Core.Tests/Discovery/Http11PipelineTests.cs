using System.Net;
using System.Net.Sockets;
using System.Text;
using SrvProvisioner.Core.Discovery;

namespace SrvProvisioner.Core.Tests.Discovery;

/// <summary>The probe's pipelined GETs against a loopback TCP peer that answers with fixed bytes.</summary>
public sealed class Http11PipelineTests
{
    private static async Task<(IReadOnlyList<HttpExchangeResult> Results, string Request)> ExchangeAsync(string answer, int requests = 2, int maxBody = 1024)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptTcpClientAsync();
            var stream = peer.GetStream();
            var received = new StringBuilder();
            var buffer = new byte[4096];

            // Answer only once every request has arrived: proves they were sent together.
            while (CountOf(received.ToString(), "\r\n\r\n") < requests)
            {
                var n = await stream.ReadAsync(buffer);
                if (n == 0)
                {
                    break;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
            peer.Client.Shutdown(SocketShutdown.Send);
            return received.ToString();
        });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var paths = Enumerable.Range(0, requests).Select(i => $"/p{i}").ToList();
        var results = await Http11Pipeline.ExchangeAsync(client.GetStream(), "example.com:8448", paths, maxBody, CancellationToken.None);
        return (results, await server);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task TwoRequests_AreSentTogether_AndAnsweredInOrder()
    {
        var (results, request) = await ExchangeAsync("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirstHTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nsec\r\n3;x=1\r\nond\r\n0\r\n\r\n");

        request.ShouldContain("GET /p0 HTTP/1.1\r\nHost: example.com:8448\r\n");
        request.ShouldContain("GET /p1 HTTP/1.1\r\nHost: example.com:8448\r\n");
        results[0].Status.ShouldBe(200);
        Encoding.ASCII.GetString(results[0].Body).ShouldBe("first");
        results[1].Status.ShouldBe(404);
        Encoding.ASCII.GetString(results[1].Body).ShouldBe("second");
    }

    [Fact]
    public async Task ConnectionClose_LeavesTheSecondRequestUnanswered_ForAFreshConnection()
    {
        var (results, _) = await ExchangeAsync("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");

        results[0].Status.ShouldBe(200);
        results[1].Unanswered.ShouldBeTrue();
    }

    [Fact]
    public async Task InterimResponse_IsSkipped()
    {
        var (results, _) = await ExchangeAsync("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", requests: 1);

        results.ShouldHaveSingleItem().Status.ShouldBe(200);
    }

    [Fact]
    public async Task OversizedBody_IsAnError_NotABuffer()
    {
        var (results, _) = await ExchangeAsync("HTTP/1.1 200 OK\r\nContent-Length: 999999999\r\n\r\n", requests: 1, maxBody: 1024);

        results.ShouldHaveSingleItem().Error!.ShouldContain("larger than 1 KiB");
    }

    [Fact]
    public async Task GarbageInsteadOfHttp_IsAnError()
    {
        var (results, _) = await ExchangeAsync("SSH-2.0-OpenSSH_9.6\r\n", requests: 1);

        results.ShouldHaveSingleItem().Error!.ShouldContain("not an HTTP/1.1 status line");
    }

    [Fact]
    public async Task HostWithALineBreak_IsRefused_BeforeAnythingIsSent()
    {
        using var stream = new MemoryStream();

        await Should.ThrowAsync<ArgumentException>(() => Http11Pipeline.ExchangeAsync(stream, "example.com\r\nX-Evil: 1", ["/"], 1024, CancellationToken.None));
        stream.Length.ShouldBe(0);
    }
}
