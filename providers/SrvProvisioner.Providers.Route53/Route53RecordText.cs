using System.Text;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// Between the canonical record text of <see cref="RecordSet"/> and a ResourceRecord
/// <c>Value</c>. Only TXT differs. Route 53 developer guide, "Supported DNS record types", TXT
/// record type: a value is one or more character-strings in double quotation marks, up to 255
/// characters each and 4,000 characters in all; a quotation mark or backslash inside one is
/// preceded by a backslash; any other character outside printable ASCII is written as a
/// backslash and its three-digit <em>octal</em> code (<c>\351</c> is é's byte 0xE9), where
/// RFC 1035 §5.1, and so <see cref="TxtRecordText"/>, use decimal (<c>\233</c>). An unquoted
/// value is refused ("InvalidTXTRDATA", e.g. ansible/ansible#6112).
/// </summary>
internal static class Route53RecordText
{
    /// <summary>The Value element for a canonical record text of <paramref name="type"/>.</summary>
    public static string ToApi(RecordType type, string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        if (type != RecordType.Txt)
        {
            return canonical;
        }

        var sb = new StringBuilder();
        foreach (var s in TxtRecordText.Parse(canonical))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append('"');
            foreach (var b in s)
            {
                if (b is (byte)'"' or (byte)'\\')
                {
                    sb.Append('\\').Append((char)b);
                }
                else if (b is >= 0x20 and <= 0x7E)
                {
                    sb.Append((char)b);
                }
                else
                {
                    sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                }
            }

            sb.Append('"');
        }

        return sb.ToString();
    }

    /// <summary>The canonical record text for a Value element Route 53 listed.</summary>
    public static string ToCanonical(RecordType type, string apiValue)
    {
        ArgumentNullException.ThrowIfNull(apiValue);
        return type == RecordType.Txt ? TxtRecordText.FromStrings(ParseTxt(apiValue)) : apiValue;
    }

    /// <summary>
    /// The character-strings of a Route 53 TXT value: quoted strings (or bare tokens, which
    /// Route 53 may list for records made before it required quotes) separated by blanks, with
    /// <c>\ooo</c> octal and <c>\X</c> escapes.
    /// </summary>
    public static IReadOnlyList<byte[]> ParseTxt(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var input = Encoding.UTF8.GetBytes(value);
        var result = new List<byte[]>();
        var i = 0;
        while (true)
        {
            while (i < input.Length && input[i] is (byte)' ' or (byte)'\t')
            {
                i++;
            }

            if (i >= input.Length)
            {
                break;
            }

            var quoted = input[i] == (byte)'"';
            if (quoted)
            {
                i++;
            }

            var current = new List<byte>();
            var closed = !quoted;
            while (i < input.Length)
            {
                var b = input[i];
                if (quoted && b == (byte)'"')
                {
                    closed = true;
                    i++;
                    break;
                }

                if (!quoted && b is (byte)' ' or (byte)'\t')
                {
                    break;
                }

                if (b == (byte)'\\' && i + 1 < input.Length)
                {
                    if (i + 3 < input.Length && IsOctal(input[i + 1]) && IsOctal(input[i + 2]) && IsOctal(input[i + 3]))
                    {
                        var code = ((input[i + 1] - '0') * 64) + ((input[i + 2] - '0') * 8) + (input[i + 3] - '0');
                        if (code > 255)
                        {
                            throw new InvalidInputException($"TXT value has an octal escape above \\377: {value}");
                        }

                        current.Add((byte)code);
                        i += 4;
                        continue;
                    }

                    current.Add(input[i + 1]);
                    i += 2;
                    continue;
                }

                current.Add(b);
                i++;
            }

            if (!closed)
            {
                throw new InvalidInputException($"TXT value has an unclosed quote: {value}");
            }

            result.Add([.. current]);
        }

        return result.Count > 0 ? result : throw new InvalidInputException("TXT value holds no character-string.");
    }

    private static bool IsOctal(byte b) => b is >= (byte)'0' and <= (byte)'7';
}
