using System.Text;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using ArDns = ARSoft.Tools.Net.Dns;

namespace SrvProvisioner.Providers.ZoneFile;

/// <summary>Reads a master file with ARSoft.Tools.Net into record sets of the types the tool uses.</summary>
internal static class ZoneFileReader
{
    public static IReadOnlyList<RecordSet> Parse(string text, DnsName origin, string path) => ParseWithLayout(text, origin, path).Sets;

    /// <summary>The record sets and the layout they were read through (an edit needs both; scanning twice doubled the cost).</summary>
    public static (IReadOnlyList<RecordSet> Sets, MasterFile.MasterFileLayout Layout) ParseWithLayout(string text, DnsName origin, string path)
    {
        MasterFile.MasterFileLayout layout;
        try
        {
            layout = MasterFile.MasterFileLayout.Scan(text, origin);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException($"{path}: {ex.Message}", ex);
        }

        List<ArDns.DnsRecordBase> records;
        try
        {
            records = ParseRecords(MasterFile.MasterFileNormaliser.Normalise(layout), origin);
        }
        catch (Exception ex) when (ex is not SrvProvisionerException and not OutOfMemoryException)
        {
            throw new InvalidInputException($"{path}:{FailingLine(layout, origin)}: not a valid record: {ex.Message}", ex);
        }

        IReadOnlyList<RecordSet> sets = [.. records
            .Select(ToValue)
            .Concat(MasterFile.MasterFileTxt.ChallengeRecords(layout, path))
            .Where(r => r is not null)
            .GroupBy(r => (r!.Value.Name, r.Value.Type))
            .Select(g => new RecordSet(g.Key.Name, g.Key.Type, g.Min(r => r!.Value.Ttl), g.Select(r => r!.Value.Data)))];
        return (sets, layout);
    }

    private static List<ArDns.DnsRecordBase> ParseRecords(string normalised, DnsName origin)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(normalised));
        return [.. ArDns.Zone.ParseMasterFile(ARSoft.Tools.Net.DomainName.Parse(origin.IsRoot ? "." : origin.Fqdn), stream)];
    }

    /// <summary>
    /// The parser names no line, so on failure each record is parsed alone to find the first
    /// one it refuses (only on this error path); its line in the file is reported.
    /// </summary>
    private static string FailingLine(MasterFile.MasterFileLayout layout, DnsName origin)
    {
        foreach (var entry in layout.Entries.Where(e => !e.IsOpaque))
        {
            try
            {
                var single = MasterFile.MasterFileNormaliser.Normalise(new[] { entry }, layout);
                ParseRecords(single, origin);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return (entry.FirstLine + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return "?";
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
