using System.Text;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Dns;

/// <summary>
/// The one text form of a TXT record's data inside the tool: its character-strings (RFC 1035
/// §3.3.14), each in double quotes, separated by one space. Inside the quotes, printable ASCII
/// stands for itself except <c>"</c> and <c>\</c>, which are escaped with <c>\</c>; every other
/// byte is written <c>\DDD</c> (decimal, RFC 1035 §5.1). TXT data is case-sensitive, so the
/// canonical form keeps case. Providers convert their API's form to and from this one.
/// </summary>
public static class TxtRecordText
{
    /// <summary>RFC 1035 §3.3: a character-string is a length byte and at most 255 bytes.</summary>
    public const int MaxStringBytes = 255;

    /// <summary>
    /// One record holding <paramref name="text"/>: a single character-string, or several of
    /// 255 bytes each when the UTF-8 text is longer (the convention of RFC 7208 §3.3).
    /// </summary>
    public static string FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
        {
            return Render([[]]);
        }

        var chunks = new List<byte[]>();
        for (var offset = 0; offset < bytes.Length; offset += MaxStringBytes)
        {
            chunks.Add(bytes[offset..Math.Min(bytes.Length, offset + MaxStringBytes)]);
        }

        return Render(chunks);
    }

    /// <summary>One record made of the given character-strings (raw bytes), in canonical form.</summary>
    public static string FromStrings(IReadOnlyList<byte[]> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        if (strings.Count == 0)
        {
            throw new InvalidInputException("A TXT record needs at least one character-string.");
        }

        foreach (var s in strings)
        {
            if (s.Length > MaxStringBytes)
            {
                throw new InvalidInputException($"A TXT character-string holds at most {MaxStringBytes} bytes; one has {s.Length}.");
            }
        }

        return Render(strings);
    }

    /// <summary>The canonical form of a record written in presentation format.</summary>
    public static string Canonicalise(string presentation) => Render(Parse(presentation));

    /// <summary>The character-strings' bytes joined and read as UTF-8 (what ACME and SPF compare).</summary>
    public static string JoinedText(string presentation)
    {
        var strings = Parse(presentation);
        return Encoding.UTF8.GetString([.. strings.SelectMany(s => s)]);
    }

    /// <summary>
    /// The character-strings of a record in presentation format: quoted strings or unquoted
    /// tokens separated by blanks, with <c>\X</c> and <c>\DDD</c> escapes (RFC 1035 §5.1).
    /// </summary>
    public static IReadOnlyList<byte[]> Parse(string presentation)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        var result = new List<byte[]>();
        var input = Encoding.UTF8.GetBytes(presentation);
        var i = 0;
        while (true)
        {
            while (i < input.Length && (input[i] == (byte)' ' || input[i] == (byte)'\t'))
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

                if (!quoted && (b == (byte)' ' || b == (byte)'\t'))
                {
                    break;
                }

                if (!quoted && b == (byte)'"')
                {
                    throw new InvalidInputException($"TXT data has a stray quote: {Shorten(presentation)}");
                }

                if (b is (byte)'\r' or (byte)'\n')
                {
                    throw new InvalidInputException($"TXT data spans lines: {Shorten(presentation)}");
                }

                if (b == (byte)'\\')
                {
                    i++;
                    if (i >= input.Length)
                    {
                        throw new InvalidInputException($"TXT data ends in a lone backslash: {Shorten(presentation)}");
                    }

                    if (IsDigit(input[i]))
                    {
                        if (i + 2 >= input.Length || !IsDigit(input[i + 1]) || !IsDigit(input[i + 2]))
                        {
                            throw new InvalidInputException($"TXT data has a \\DDD escape without three digits: {Shorten(presentation)}");
                        }

                        var value = ((input[i] - '0') * 100) + ((input[i + 1] - '0') * 10) + (input[i + 2] - '0');
                        if (value > 255)
                        {
                            throw new InvalidInputException($"TXT data has an escape above \\255: {Shorten(presentation)}");
                        }

                        current.Add((byte)value);
                        i += 3;
                        continue;
                    }

                    current.Add(input[i]);
                    i++;
                    continue;
                }

                current.Add(b);
                i++;
            }

            if (!closed)
            {
                throw new InvalidInputException($"TXT data has an unclosed quote: {Shorten(presentation)}");
            }

            if (current.Count > MaxStringBytes)
            {
                throw new InvalidInputException($"A TXT character-string holds at most {MaxStringBytes} bytes; one has {current.Count}.");
            }

            result.Add([.. current]);
            if (i < input.Length && quoted && input[i] != (byte)' ' && input[i] != (byte)'\t')
            {
                throw new InvalidInputException($"TXT data needs a blank between character-strings: {Shorten(presentation)}");
            }
        }

        if (result.Count == 0)
        {
            throw new InvalidInputException("A TXT record needs at least one character-string.");
        }

        return result;
    }

    private static string Render(IEnumerable<byte[]> strings)
    {
        var sb = new StringBuilder();
        foreach (var s in strings)
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
                    sb.Append('\\').Append(b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            sb.Append('"');
        }

        return sb.ToString();
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
