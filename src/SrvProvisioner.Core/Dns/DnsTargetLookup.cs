using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using SrvProvisioner.Core.Planning;
using ArRecordType = ARSoft.Tools.Net.Dns.RecordType;

namespace SrvProvisioner.Core.Dns;

/// <summary>Looks up an SRV target's CNAME/A/AAAA through recursive resolvers.</summary>
public sealed class DnsTargetLookup : ITargetLookup
{
    private readonly DnsClient _client;
    private readonly string _source;

    public DnsTargetLookup(IReadOnlyList<IPEndPoint>? servers = null, TimeSpan? timeout = null)
    {
        // A plan must not hang on a resolver that does not answer: each query waits at most 5 s.
        var ms = (int)Math.Min((timeout ?? TimeSpan.FromSeconds(3)).TotalMilliseconds, 5000);
        if (servers is { Count: > 0 })
        {
            var transports = new IClientTransport[] { new UdpClientTransport(servers[0].Port), new TcpClientTransport(servers[0].Port) };
            _client = new DnsClient(servers.Select(s => s.Address), transports, false, ms);
            _source = "DNS " + string.Join(", ", servers);
        }
        else
        {
            _client = new DnsClient(DnsClient.GetLocalConfiguredDnsServers(), ms);
            _source = "DNS";
        }
    }

    public async Task<TargetObservation> LookupAsync(DnsName target, CancellationToken cancellationToken)
    {
        var name = ARSoft.Tools.Net.DomainName.Parse(target.Fqdn);
        var addresses = new List<string>();
        foreach (var type in new[] { ArRecordType.A, ArRecordType.Aaaa })
        {
            DnsMessage? answer;
            try
            {
                answer = await _client.ResolveAsync(name, type, RecordClass.INet, null, cancellationToken);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                return new TargetObservation(target, _source) { LookupError = ex.Message };
            }

            if (answer is null)
            {
                return new TargetObservation(target, _source) { LookupError = "no answer (timeout)" };
            }

            if (answer.ReturnCode is not (ReturnCode.NoError or ReturnCode.NxDomain))
            {
                return new TargetObservation(target, _source) { LookupError = answer.ReturnCode.ToString() };
            }

            var cname = answer.AnswerRecords.OfType<CNameRecord>().FirstOrDefault(r => r.Name.Equals(name));
            if (cname is not null)
            {
                return new TargetObservation(target, _source) { CnameTo = DnsName.Parse(cname.CanonicalName.ToString()) };
            }

            addresses.AddRange(answer.AnswerRecords.OfType<AddressRecordBase>().Select(r => r.Address.ToString()));
        }

        return new TargetObservation(target, _source) { Addresses = addresses };
    }
}
