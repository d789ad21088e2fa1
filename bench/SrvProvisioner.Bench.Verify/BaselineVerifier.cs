using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace SrvProvisioner.Bench.Verify;

/// <summary>
/// The least a verifier must do per domain, hand-written: one SRV query, one TCP connect and TLS
/// handshake (SNI = server name, chain and name validated against the bench CA), one
/// <c>GET /_matrix/key/v2/server</c> whose body must name the server. The yardstick for srvprov's overhead.
/// </summary>
internal sealed class BaselineVerifier
{
    private readonly DnsClient _dns;
    private readonly X509ChainPolicy _policy;

    public BaselineVerifier(IPEndPoint dnsServer, X509Certificate2 ca)
    {
        _dns = new DnsClient([dnsServer.Address], [new UdpClientTransport(dnsServer.Port), new TcpClientTransport(dnsServer.Port)], false, 5000);
        _policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        _policy.CustomTrustStore.Add(ca);
    }

    /// <summary>True when the domain's key endpoint answered with its own name over a trusted TLS connection.</summary>
    public async Task<bool> VerifyAsync(string domain, CancellationToken cancellationToken)
    {
        var answer = await _dns.ResolveAsync(DomainName.Parse($"_matrix-fed._tcp.{domain}"), RecordType.Srv, RecordClass.INet, null, cancellationToken);
        var srv = answer?.AnswerRecords.OfType<SrvRecord>().FirstOrDefault();
        if (srv is null)
        {
            return false;
        }

        // The target's A record is 127.0.0.1 by construction; the minimum skips that lookup.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, srv.Port), cancellationToken);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = domain, CertificateChainPolicy = _policy },
            cancellationToken);
        var request = Encoding.ASCII.GetBytes($"GET /_matrix/key/v2/server HTTP/1.1\r\nHost: {domain}\r\nConnection: close\r\n\r\n");
        await tls.WriteAsync(request, cancellationToken);
        using var reader = new StreamReader(tls, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(cancellationToken);
        return response.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) && response.Contains($"\"server_name\":\"{domain}\"", StringComparison.Ordinal);
    }
}
