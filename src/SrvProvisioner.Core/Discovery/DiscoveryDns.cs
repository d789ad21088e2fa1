using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using ARSoft.Tools.Net.Dns;
using SrvProvisioner.Core.Dns;
using ArDomainName = ARSoft.Tools.Net.DomainName;
using ArRecordType = ARSoft.Tools.Net.Dns.RecordType;
using ArSrvRecord = ARSoft.Tools.Net.Dns.SrvRecord;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// The DNS lookups of discovery: the system's resolvers or one given server, each question
/// over UDP (<see cref="UdpDnsQuery"/>, parsed by ARSoft.Tools.Net) and asked again over TCP
/// through ARSoft's client when the answer is truncated (RFC 7766 §5). SERVFAIL, REFUSED and
/// timeouts are errors, never "no record". Thread-safe; one instance serves many concurrent
/// lookups.
/// </summary>
public sealed class DiscoveryDns
{
    // A hint only saves a round trip; a hostile answer must not make verify open many connections.
    private const int MaxHintsPerTarget = 4;

    private readonly IReadOnlyList<IPEndPoint> _servers;
    private readonly TimeSpan _timeout;

    // Truncated UDP answers are asked again over TCP through ARSoft's own client, created on
    // the first truncated answer: DnsClient's static constructor reads the system's resolver
    // configuration and every network interface (~1 ms of CPU), which a run with --dns-server
    // and small answers never needs.
    private readonly Lazy<DnsClient> _tcpClient;

    // Offline detection: a question asked and no DNS message ever received (every resolver
    // timed out, refused the socket or was unreachable) means this machine cannot check
    // anything, which is not a DNS failure of the zone. Any answer, even SERVFAIL, is an answer.
    private int _asked;
    private int _answered;
    private string? _firstUnanswered;

    public DiscoveryDns(IPEndPoint? server, TimeSpan queryTimeout)
    {
        var ms = (int)Math.Clamp(queryTimeout.TotalMilliseconds, 100, 10_000);
        _timeout = TimeSpan.FromMilliseconds(ms);
        if (server is not null)
        {
            _servers = [server];
            _tcpClient = new(() => new DnsClient([server.Address], [new TcpClientTransport(server.Port)], false, ms));
            Source = $"DNS server {server}";
        }
        else
        {
            var system = SystemResolvers();
            _servers = [.. system.Select(a => new IPEndPoint(a, 53))];
            _tcpClient = new(() => new DnsClient(system, [new TcpClientTransport(53)], false, ms));
            Source = "system resolvers";
        }
    }

    // Not inlined: Native AOT runs a type's static constructor at the entry of a method that
    // touches the type, even in a branch not taken, and ARSoft's DnsClient reads the resolver
    // configuration and every network interface there.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<IPAddress> SystemResolvers() => DnsClient.GetLocalConfiguredDnsServers();

    /// <summary>Which resolvers answered ("DNS server 127.0.0.1:5353"), for evidence.</summary>
    public string Source { get; }

    /// <summary>
    /// Why no check could be made: set when questions were asked and not one DNS message came
    /// back from any resolver (no network, no resolver reachable, every query timed out);
    /// null once any answer arrived or before anything was asked.
    /// </summary>
    public string? NoAnswerAtAll =>
        Volatile.Read(ref _asked) > 0 && Volatile.Read(ref _answered) == 0
            ? Volatile.Read(ref _firstUnanswered) ?? $"no answer from the {Source}"
            : null;

    public async Task<SrvLookup> LookupSrvAsync(DnsName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (answer, error) = await QueryAsync(name, ArRecordType.Srv, cancellationToken);
        if (answer is null)
        {
            return new SrvLookup(name, LookupOutcome.Error, [], error!);
        }

        var records = answer.AnswerRecords.OfType<ArSrvRecord>()
            .Select(r => new SrvAnswer(new Core.Dns.SrvRecord(r.Priority, r.Weight, r.Port, DnsName.Parse(r.Target.ToString())), r.TimeToLive))
            .OrderBy(r => r.Record.Priority)
            .ThenByDescending(r => r.Record.Weight)
            .ToList();
        if (records.Count == 0)
        {
            return new SrvLookup(name, LookupOutcome.NoRecords, [], answer.ReturnCode == ReturnCode.NxDomain ? "NXDOMAIN" : "no SRV record (NODATA)");
        }

        return new SrvLookup(name, LookupOutcome.Found, records, string.Join("; ", records)) { AddressHints = AddressHintsOf(answer, records) };
    }

    /// <summary>
    /// The A/AAAA records in an SRV answer's additional section that belong to one of its
    /// targets (RFC 2782, "Usage rules": servers are urged to return them there), at most
    /// <see cref="MaxHintsPerTarget"/> a target. Anything else there is ignored.
    /// </summary>
    private static Dictionary<DnsName, IReadOnlyList<IPAddress>> AddressHintsOf(DnsMessage answer, IReadOnlyList<SrvAnswer> records)
    {
        var hints = new Dictionary<DnsName, IReadOnlyList<IPAddress>>();
        foreach (var target in records.Select(r => r.Record.Target).Where(t => !t.IsRoot).Distinct())
        {
            var owner = ArDomainName.Parse(target.Fqdn);
            var addresses = answer.AdditionalRecords
                .OfType<AddressRecordBase>()
                .Where(r => r.RecordClass == RecordClass.INet && r.Name.Equals(owner))
                .Select(r => r.Address)
                .Distinct()
                .Take(MaxHintsPerTarget)
                .ToList();
            if (addresses.Count > 0)
            {
                hints[target] = addresses;
            }
        }

        return hints;
    }

    public async Task<AddressLookup> LookupAddressesAsync(DnsName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var a = QueryAsync(name, ArRecordType.A, cancellationToken);
        var aaaa = QueryAsync(name, ArRecordType.Aaaa, cancellationToken);
        var results = await Task.WhenAll(a, aaaa);
        var errors = results.Where(r => r.Answer is null).Select(r => r.Error!).ToList();
        if (errors.Count > 0)
        {
            return new AddressLookup(name, LookupOutcome.Error, [], string.Join("; ", errors.Distinct()));
        }

        var arName = ArDomainName.Parse(name.Fqdn);
        DnsName? cname = null;
        var addresses = new List<IPAddress>();
        var evidence = new List<string>();
        foreach (var (answer, _) in results)
        {
            foreach (var record in answer!.AnswerRecords)
            {
                switch (record)
                {
                    case CNameRecord c when c.Name.Equals(arName):
                        cname = DnsName.Parse(c.CanonicalName.ToString());
                        break;
                    case AddressRecordBase address when !addresses.Contains(address.Address):
                        addresses.Add(address.Address);
                        evidence.Add(string.Create(CultureInfo.InvariantCulture, $"{(record is ARecord ? "A" : "AAAA")} {address.Address} (TTL {record.TimeToLive})"));
                        break;
                }
            }
        }

        var prefix = cname is null ? string.Empty : $"CNAME {cname.Fqdn}; ";
        return addresses.Count == 0
            ? new AddressLookup(name, LookupOutcome.NoRecords, [], prefix + "no A or AAAA record") { CnameTo = cname }
            : new AddressLookup(name, LookupOutcome.Found, addresses, prefix + string.Join("; ", evidence)) { CnameTo = cname };
    }

    /// <summary>The RCODE names of RFC 6895 §2.3, as dig prints them.</summary>
    private static string Mnemonic(ReturnCode code) => code switch
    {
        ReturnCode.ServerFailure => "SERVFAIL",
        ReturnCode.Refused => "REFUSED",
        ReturnCode.FormatError => "FORMERR",
        ReturnCode.NotImplemented => "NOTIMP",
        _ => code.ToString().ToUpperInvariant(),
    };

    private async Task<(DnsMessage? Answer, string? Error)> QueryAsync(DnsName name, ArRecordType type, CancellationToken cancellationToken)
    {
        var mnemonic = type.ToString().ToUpperInvariant();
        DnsMessage? answer = null;
        string? error = null;

        // Each resolver in turn, as a stub resolver does (RFC 1035 §7.2): the next one on a
        // timeout or a refused socket.
        Interlocked.Increment(ref _asked);
        foreach (var server in _servers)
        {
            var response = await UdpDnsQuery.ExchangeAsync(server, name.Fqdn, (ushort)type, _timeout, cancellationToken);
            if (response.Message is null)
            {
                error ??= response.TimedOut ? $"{mnemonic} lookup timed out ({Source})" : $"{mnemonic} lookup failed: {response.Error} ({Source})";
                Interlocked.CompareExchange(ref _firstUnanswered, error, null);
                continue;
            }

            Interlocked.Increment(ref _answered);

            try
            {
                answer = DnsMessage.Parse(new ArraySegment<byte>(response.Message));
            }
            catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or FormatException)
            {
                error ??= $"{mnemonic} lookup got a malformed answer from {server} ({ex.Message})";
                continue;
            }

            break;
        }

        if (answer is { IsTruncated: true })
        {
            // RFC 7766 §5: a truncated answer is asked again over TCP.
            try
            {
                answer = await _tcpClient.Value.ResolveAsync(ArDomainName.Parse(name.Fqdn), type, RecordClass.INet, null, cancellationToken);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                return (null, $"{mnemonic} lookup over TCP failed: {ex.Message}");
            }

            if (answer is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return (null, $"{mnemonic} lookup over TCP timed out ({Source})");
            }
        }

        if (answer is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            error ??= $"{mnemonic} lookup failed: no resolver configured ({Source})";
            Interlocked.CompareExchange(ref _firstUnanswered, error, null);
            return (null, error);
        }

        if (answer.ReturnCode is not (ReturnCode.NoError or ReturnCode.NxDomain))
        {
            return (null, $"{mnemonic} lookup answered {Mnemonic(answer.ReturnCode)} ({Source})");
        }

        return (answer, null);
    }
}
