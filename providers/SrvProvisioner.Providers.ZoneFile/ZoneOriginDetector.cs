using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.ZoneFile;

/// <summary>
/// Finds a zone file's origin when <c>--zone</c> is not given: the first <c>$ORIGIN</c>
/// before any record, else the SOA owner when it is written fully qualified.
/// </summary>
internal static class ZoneOriginDetector
{
    public static DnsName Detect(string text, string path)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split(';')[0].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens[0].Equals("$ORIGIN", StringComparison.OrdinalIgnoreCase) && tokens.Length > 1)
            {
                return DnsName.Parse(tokens[1]);
            }

            if (tokens[0].StartsWith('$'))
            {
                continue;
            }

            if (!char.IsWhiteSpace(raw[0]) && tokens[0].EndsWith('.') && tokens.Any(t => t.Equals("SOA", StringComparison.OrdinalIgnoreCase)))
            {
                return DnsName.Parse(tokens[0]);
            }

            break;
        }

        throw new InvalidInputException($"Cannot tell the origin of {path}: it has no $ORIGIN before its first record and no fully qualified SOA owner. Give --zone example.com.");
    }
}
