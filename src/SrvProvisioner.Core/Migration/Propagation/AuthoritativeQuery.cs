using System.Globalization;
using System.Net;
using ARSoft.Tools.Net.Dns;
using DnsName = SrvProvisioner.Core.Dns.DnsName;
using ArDomainName = ARSoft.Tools.Net.DomainName;
using ArRecordType = ARSoft.Tools.Net.Dns.RecordType;

namespace SrvProvisioner.Core.Migration.Propagation;

/// <summary>
/// One question to one server, with RD as asked (RD clear for an authoritative server, so it
/// answers from its own zone data: RFC 1035 §4.1.1), UDP then TCP when truncated. The answer's
/// records of the asked name and type in presentation form, or why there is none.
/// </summary>
internal static class AuthoritativeQuery
{
    public static async Task<(IReadOnlyList<string>? Values, string? Error)> AskAsync(IPEndPoint server, DnsName name, ArRecordType type, bool recursionDesired, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ms = (int)Math.Clamp(timeout.TotalMilliseconds, 100, 10_000);
        var client = new DnsClient([server.Address], [new UdpClientTransport(server.Port), new TcpClientTransport(server.Port)], false, ms);
        DnsMessage? answer;
        try
        {
            answer = await client.ResolveAsync(ArDomainName.Parse(name.Fqdn), type, RecordClass.INet, new DnsQueryOptions { IsRecursionDesired = recursionDesired, IsEDnsEnabled = true }, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            return (null, $"no answer from {server} ({ex.Message})");
        }

        if (answer is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return (null, $"no answer from {server} within {ms / 1000.0:0.#} s");
        }

        if (answer.ReturnCode is not (ReturnCode.NoError or ReturnCode.NxDomain))
        {
            return (null, $"{server} answered {answer.ReturnCode.ToString().ToUpperInvariant()}");
        }

        var arName = ArDomainName.Parse(name.Fqdn);
        return ([.. answer.AnswerRecords.Where(r => r.Name.Equals(arName) && r.RecordType == type).Select(DataText)], null);
    }

    public static ArRecordType ToArType(Core.Dns.RecordType type) => type switch
    {
        Core.Dns.RecordType.Srv => ArRecordType.Srv,
        Core.Dns.RecordType.Cname => ArRecordType.CName,
        Core.Dns.RecordType.A => ArRecordType.A,
        Core.Dns.RecordType.Aaaa => ArRecordType.Aaaa,
        Core.Dns.RecordType.Txt => ArRecordType.Txt,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no DNS type for it"),
    };

    private static string DataText(DnsRecordBase record) => record switch
    {
        SrvRecord srv => string.Create(CultureInfo.InvariantCulture, $"{srv.Priority} {srv.Weight} {srv.Port} {srv.Target}"),
        CNameRecord c => c.CanonicalName.ToString(),
        NsRecord ns => ns.NameServer.ToString(),
        AddressRecordBase a => a.Address.ToString(),
        TxtRecord t => Core.Dns.TxtRecordText.FromStrings([.. t.TextParts.Select(System.Text.Encoding.UTF8.GetBytes)]),
        _ => record.ToString(),
    };
}
