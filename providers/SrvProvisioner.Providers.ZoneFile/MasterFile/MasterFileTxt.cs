using System.Globalization;
using System.Text;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.ZoneFile.MasterFile;

/// <summary>
/// Reads the TXT records at <c>_acme-challenge</c> names straight from their tokens into the
/// canonical form of <see cref="TxtRecordText"/>. The file text holds one char per byte
/// (<see cref="ZoneFileText"/>), so every byte of the data is kept, whatever its encoding.
/// </summary>
internal static class MasterFileTxt
{
    public static IEnumerable<(DnsName Name, RecordType Type, uint Ttl, string Data)?> ChallengeRecords(MasterFileLayout layout, string path)
    {
        var soaMinimum = MasterFileNormaliser.SoaMinimum(layout);
        foreach (var entry in layout.Entries.Where(e => e.IsChallengeTxt))
        {
            var rdata = string.Join(' ', entry.Tokens.Skip(entry.TypeIndex + 1).Select(t => ToAscii(t.Text)));
            string value;
            try
            {
                value = TxtRecordText.Canonicalise(rdata);
            }
            catch (InvalidInputException ex)
            {
                throw new InvalidInputException($"{path}:{entry.FirstLine + 1}: {ex.Message}", ex);
            }

            yield return (entry.Owner, RecordType.Txt, entry.EffectiveTtl ?? soaMinimum, value);
        }
    }

    /// <summary>
    /// The token with every byte above 0x7E written as <c>\DDD</c> (RFC 1035 §5.1), so that the
    /// presentation parser, which reads UTF-8, sees each of the file's bytes as itself.
    /// </summary>
    private static string ToAscii(string token)
    {
        var sb = new StringBuilder(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (c == '\\' && i + 1 < token.Length)
            {
                var next = token[++i];
                if (next > '~')
                {
                    AppendDecimal(sb, next);
                }
                else
                {
                    sb.Append(c).Append(next);
                }
            }
            else if (c > '~')
            {
                AppendDecimal(sb, c);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static void AppendDecimal(StringBuilder sb, char c) =>
        sb.Append('\\').Append(((int)c).ToString("D3", CultureInfo.InvariantCulture));
}
