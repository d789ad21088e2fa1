using System.Globalization;
using System.Text;

namespace SrvProvisioner.Providers.ZoneFile.MasterFile;

/// <summary>
/// Writes a zone in the plainest master-file form, one line a record with its owner fully
/// qualified and its TTL in seconds, for the record parser. BIND's reading is the reference:
/// a record without TTL takes <c>$TTL</c> (RFC 2308 §4), and TTLs may carry units
/// (<c>1h</c>); ARSoft.Tools.Net's parser takes neither, so it never sees them.
/// </summary>
internal static class MasterFileNormaliser
{
    private static readonly HashSet<string> TimerTypes = new(StringComparer.Ordinal) { "SOA" };

    public static string Normalise(MasterFileLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Normalise(layout.Entries, layout);
    }

    /// <summary>Only <paramref name="entries"/> (of <paramref name="layout"/>), e.g. one to find which one a parser refuses.</summary>
    public static string Normalise(IEnumerable<MasterFileEntry> entries, MasterFileLayout layout)
    {
        var sb = new StringBuilder();
        Core.Dns.DnsName? origin = null;
        var soaMinimum = SoaMinimum(layout);
        // Challenge TXT data is read by MasterFileTxt, byte for byte; the record parser never sees it.
        foreach (var e in entries.Where(e => !e.IsOpaque && !e.IsChallengeTxt))
        {
            if (origin != e.Origin)
            {
                origin = e.Origin;
                sb.Append("$ORIGIN ").Append(origin.IsRoot ? "." : origin.Fqdn).Append('\n');
            }

            var ttl = e.EffectiveTtl ?? soaMinimum;
            var klass = e.Tokens.Take(e.TypeIndex).FirstOrDefault(t => !MasterFileLayout.IsTtl(t.Text))?.Text ?? "IN";
            sb.Append(e.Owner.IsRoot ? "." : e.Owner.Fqdn).Append(' ')
              .Append(ttl.ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append(klass).Append(' ').Append(e.Type);
            var rdata = e.Tokens.Skip(e.TypeIndex + 1).Select(t => t.Text).ToList();
            if (TimerTypes.Contains(e.Type))
            {
                // SOA timers (refresh, retry, expire, minimum) may carry units in BIND too.
                for (int i = 3; i < rdata.Count; i++)
                {
                    rdata[i] = MasterFileLayout.TtlSeconds(rdata[i], e.FirstLine).ToString(CultureInfo.InvariantCulture);
                }
            }

            foreach (var token in rdata)
            {
                sb.Append(' ').Append(token);
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The TTL of a record written before any TTL is known: the SOA minimum (RFC 2308 §4), else one hour.</summary>
    public static uint SoaMinimum(MasterFileLayout layout)
    {
        var soa = layout.Entries.FirstOrDefault(e => e.Type == "SOA");
        var last = soa?.Tokens.LastOrDefault();
        return last is not null && MasterFileLayout.IsTtl(last.Text) ? MasterFileLayout.TtlSeconds(last.Text, soa!.FirstLine) : 3600;
    }
}
