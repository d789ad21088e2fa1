using System.Text;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using ArDns = ARSoft.Tools.Net.Dns;

namespace SrvProvisioner.Providers.ZoneFile;

/// <summary>Reads a master file with ARSoft.Tools.Net into record sets of the types the tool uses.</summary>
internal static class ZoneFileReader
{
    public static IReadOnlyList<RecordSet> Parse(string text, DnsName origin, string path)
    {
        text = MasterFile.MasterFileNormaliser.Normalise(MasterFile.MasterFileLayout.Scan(text, origin));
        List<ArDns.DnsRecordBase> records;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
            records = [.. ArDns.Zone.ParseMasterFile(ARSoft.Tools.Net.DomainName.Parse(origin.IsRoot ? "." : origin.Fqdn), stream)];
        }
        catch (Exception ex) when (ex is not SrvProvisionerException and not OutOfMemoryException)
        {
            throw new InvalidInputException($"{path} is not a valid zone file: {ex.Message}", ex);
        }

        return [.. records
            .Select(ToValue)
            .Where(r => r is not null)
            .GroupBy(r => (r!.Value.Name, r.Value.Type))
            .Select(g => new RecordSet(g.Key.Name, g.Key.Type, g.Min(r => r!.Value.Ttl), g.Select(r => r!.Value.Data)))];
    }

    private static (DnsName Name, RecordType Type, uint Ttl, string Data)? ToValue(ArDns.DnsRecordBase record)
    {
        var name = DnsName.Parse(record.Name.ToString());
        var ttl = (uint)Math.Max(0, record.TimeToLive);
        return record switch
        {
            ArDns.SrvRecord srv => (name, RecordType.Srv, ttl, $"{srv.Priority} {srv.Weight} {srv.Port} {srv.Target}"),
            ArDns.CNameRecord cname => (name, RecordType.Cname, ttl, cname.CanonicalName.ToString()),
            ArDns.ARecord a => (name, RecordType.A, ttl, a.Address.ToString()),
            ArDns.AaaaRecord aaaa => (name, RecordType.Aaaa, ttl, aaaa.Address.ToString()),
            _ => null,
        };
    }
}
