using System.Net;
using System.Net.Sockets;

namespace SrvProvisioner.Testing.Net;

/// <summary>Finds a loopback port that is free for both TCP and UDP right now.</summary>
public static class FreePort
{
    public static int Find(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException)
            {
                // UDP side taken: try another.
            }
        }

        throw new InvalidOperationException("No free loopback port for TCP and UDP.");
    }

    /// <summary>Throws, naming the endpoint, when TCP or UDP on <paramref name="endpoint"/> is taken (a fixed port such as 53).</summary>
    public static void EnsureFree(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        try
        {
            using var tcp = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(endpoint);
            using var udp = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(endpoint);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"{endpoint} is taken ({ex.SocketErrorCode}): this test needs name servers on port 53 of that loopback address; stop whatever listens there (ss -lunpt 'sport = :{endpoint.Port}').", ex);
        }
    }
}
