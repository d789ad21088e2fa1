using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using SrvProvisioner.Testing.Bind;

namespace SrvProvisioner.Providers.Rfc2136.Tests;

/// <summary>Asks the test server directly, independent of the code under test.</summary>
internal static class DnsQuery
{
    public static async Task<IReadOnlyList<string>> SrvAsync(BindServer server, string name)
    {
        var client = new DnsClient([server.EndPoint.Address], [new UdpClientTransport(server.Port), new TcpClientTransport(server.Port)], false, 5000);
        var response = await client.ResolveAsync(DomainName.Parse(name), RecordType.Srv, RecordClass.INet, new DnsQueryOptions { IsRecursionDesired = false });
        response.ShouldNotBeNull();
        return [.. response.AnswerRecords.OfType<SrvRecord>().Select(r => $"{r.Priority} {r.Weight} {r.Port} {r.Target}").Order()];
    }

    /// <summary>Changes the zone behind the tool's back, as another admin would (nsupdate-like).</summary>
    public static async Task AddSrvAsync(BindServer server, string name, string target, ushort port = 8448)
    {
        var msg = new ARSoft.Tools.Net.Dns.DynamicUpdate.DnsUpdateMessage { ZoneName = DomainName.Parse("example.com") };
        msg.Updates.Add(new ARSoft.Tools.Net.Dns.DynamicUpdate.AddRecordUpdate(new SrvRecord(DomainName.Parse(name), 300, 5, 0, port, DomainName.Parse(target))));
        msg.TSigOptions = new TSigRecord(DomainName.Parse(server.Key.Name), TSigAlgorithm.Sha256, DateTime.UtcNow, TimeSpan.FromMinutes(5), msg.TransactionID, ReturnCode.NoError, null, Convert.FromBase64String(server.Key.SecretBase64));
        var client = new DnsClient([server.EndPoint.Address], [new UdpClientTransport(server.Port), new TcpClientTransport(server.Port)], false, 5000);
        var response = await client.SendUpdateAsync(msg);
        response.ShouldNotBeNull();
        response.ReturnCode.ShouldBe(ReturnCode.NoError);
    }
}
