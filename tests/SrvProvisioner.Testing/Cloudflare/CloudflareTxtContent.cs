using System.Globalization;
using System.Text;

namespace SrvProvisioner.Testing.Cloudflare;

/// <summary>
/// How Cloudflare takes and stores a TXT record's <c>content</c> (API schema, TXTRecord.content:
/// "The content must consist of quoted 'character strings' (RFC 1035), each with a length of up
/// to 255 bytes. Strings exceeding this allowed maximum length are automatically split."): quoted
/// content is parsed with RFC 1035 §5.1 escapes and stored as quoted strings of at most 255
/// bytes; content without quotes (as older clients and the dashboard send it) is one string,
/// kept as sent unless it must be split. Limits (Cloudflare DNS docs, "DNS record types",
/// cloudflare-docs#29286): a record's data at most 4,096 bytes on the wire, and the content of
/// all records of one name and type at most 8,192 characters together.
/// </summary>
internal static class CloudflareTxtContent
{
    public const int MaxWireBytes = 4096;
    public const int MaxCombinedContent = 8192;

    /// <summary>The content as Cloudflare stores it, or a 400 error as Cloudflare answers.</summary>
    public static string Store(string content)
    {
        var strings = content.StartsWith('"') ? ParseQuoted(content) : [Encoding.UTF8.GetBytes(content)];
        var chunks = strings.SelectMany(Split).ToList();
        if (chunks.Sum(c => c.Length + 1) > MaxWireBytes)
        {
            throw new CloudflareEmulatorError(400, 9005, $"Content for TXT record is invalid: its data must not exceed {MaxWireBytes} bytes.");
        }

        return !content.StartsWith('"') && chunks.Count == 1 ? content : Render(chunks);
    }

    private static IEnumerable<byte[]> Split(byte[] s)
    {
        if (s.Length == 0)
        {
            yield return s;
        }

        for (var offset = 0; offset < s.Length; offset += 255)
        {
            yield return s[offset..Math.Min(s.Length, offset + 255)];
        }
    }

    private static List<byte[]> ParseQuoted(string content)
    {
        var input = Encoding.UTF8.GetBytes(content);
        var result = new List<byte[]>();
        var i = 0;
        while (i < input.Length)
        {
            if (input[i] == (byte)' ')
            {
                i++;
                continue;
            }

            if (input[i] != (byte)'"')
            {
                throw Invalid();
            }

            i++;
            var current = new List<byte>();
            var closed = false;
            while (i < input.Length)
            {
                var b = input[i];
                if (b == (byte)'"')
                {
                    closed = true;
                    i++;
                    break;
                }

                if (b == (byte)'\\')
                {
                    if (i + 3 < input.Length && IsDigit(input[i + 1]) && IsDigit(input[i + 2]) && IsDigit(input[i + 3]))
                    {
                        var value = int.Parse(Encoding.ASCII.GetString(input, i + 1, 3), CultureInfo.InvariantCulture);
                        current.Add(value <= 255 ? (byte)value : throw Invalid());
                        i += 4;
                        continue;
                    }

                    current.Add(i + 1 < input.Length ? input[i + 1] : throw Invalid());
                    i += 2;
                    continue;
                }

                current.Add(b is (byte)'\n' or (byte)'\r' ? throw Invalid() : b);
                i++;
            }

            if (!closed || (i < input.Length && input[i] != (byte)' '))
            {
                throw Invalid();
            }

            result.Add([.. current]);
        }

        return result.Count > 0 ? result : throw Invalid();
    }

    private static string Render(IEnumerable<byte[]> strings) => string.Join(' ', strings.Select(s =>
    {
        var sb = new StringBuilder("\"");
        foreach (var b in s)
        {
            _ = b switch
            {
                (byte)'"' or (byte)'\\' => sb.Append('\\').Append((char)b),
                >= 0x20 and <= 0x7E => sb.Append((char)b),
                _ => sb.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture)),
            };
        }

        return sb.Append('"').ToString();
    }));

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static CloudflareEmulatorError Invalid() =>
        new(400, 9005, "Content for TXT record is invalid: quoted character-strings (RFC 1035) separated by spaces, with \\X and \\DDD escapes.");
}
