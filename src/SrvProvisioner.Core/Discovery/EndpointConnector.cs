using System.Net;
using System.Net.Sockets;
using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// Opens TCP connections for every request the tool makes, honouring <c>--connect-to</c>
/// (curl semantics: only where the socket goes changes, never the names used on it). Host
/// names are resolved through discovery's DNS; a connect-to destination name through the
/// system resolver, as curl does.
/// </summary>
public sealed class EndpointConnector(DiscoveryDns dns, ConnectToMap connectTo)
{
    public DiscoveryDns Dns { get; } = dns;

    public ConnectToMap ConnectTo { get; } = connectTo;

    /// <summary>The endpoints a connection meant for host:port goes to, with how they were found.</summary>
    public async Task<(IReadOnlyList<IPEndPoint> EndPoints, string Detail)> ResolveAsync(string host, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var (toHost, toPort, rule) = ConnectTo.Resolve(host, port);
        if (IPAddress.TryParse(toHost, out var literal))
        {
            return ([new IPEndPoint(literal, toPort)], rule is null ? string.Empty : $"--connect-to {rule}");
        }

        if (rule is not null)
        {
            var system = await System.Net.Dns.GetHostAddressesAsync(toHost, cancellationToken);
            return ([.. system.Select(a => new IPEndPoint(a, toPort))], $"--connect-to {rule}");
        }

        var lookup = await Dns.LookupAddressesAsync(DnsName.Parse(toHost), cancellationToken);
        if (lookup.Outcome != LookupOutcome.Found)
        {
            throw new SocketException((int)SocketError.HostNotFound, $"{toHost}: {lookup.Detail}");
        }

        return ([.. lookup.Addresses.Select(a => new IPEndPoint(a, toPort))], lookup.Detail);
    }

    /// <summary>Connects to the first endpoint of host:port that accepts.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var (endpoints, _) = await ResolveAsync(host, port, cancellationToken);
        SocketException? last = null;
        foreach (var endpoint in endpoints)
        {
            try
            {
                return await ConnectAsync(endpoint, cancellationToken);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound, $"{host}: no address");
    }

    public static async Task<Socket> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
