using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.ZoneFile.MasterFile;

/// <summary>
/// Where each entry of an RFC 1035 master file stands (RFC 1035 §5.1): owner names that
/// continue from the previous entry when a line starts with white space, <c>@</c>,
/// <c>$ORIGIN</c>, <c>$TTL</c>, parentheses across lines, quoted strings and <c>;</c>
/// comments. ARSoft.Tools.Net parses the records; this scanner only finds their lines, so
/// that an edit rewrites those lines and leaves every other byte of the file alone.
/// </summary>
internal sealed class MasterFileLayout
{
    private static readonly HashSet<string> Classes = new(StringComparer.OrdinalIgnoreCase) { "IN", "CH", "HS", "CS", "ANY" };

    private MasterFileLayout(string text, IReadOnlyList<(int Start, int Length)> lines, IReadOnlyList<MasterFileEntry> entries, DnsName originAtEnd, string newLine)
    {
        Text = text;
        Lines = lines;
        Entries = entries;
        OriginAtEnd = originAtEnd;
        NewLine = newLine;
    }

    public string Text { get; }

    /// <summary>Start offset and length (without the line break) of each line.</summary>
    public IReadOnlyList<(int Start, int Length)> Lines { get; }

    public IReadOnlyList<MasterFileEntry> Entries { get; }

    /// <summary>The <c>$ORIGIN</c> in force at the end of the file.</summary>
    public DnsName OriginAtEnd { get; }

    /// <summary>The file's own line break ("\n" or "\r\n").</summary>
    public string NewLine { get; }

    public static MasterFileLayout Scan(string text, DnsName origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = SplitLines(text);
        var entries = new List<MasterFileEntry>();
        var currentOrigin = origin;
        DnsName? lastOwner = null;
        uint? defaultTtl = null;
        uint? lastTtl = null;
        var i = 0;
        while (i < lines.Count)
        {
            var first = i;
            var tokens = new List<MasterFileToken>();
            var depth = 0;
            var startsWithBlank = lines[i].Length > 0 && text[lines[i].Start] is ' ' or '\t';
            do
            {
                depth = Tokenise(text, lines[i].Start, lines[i].Length, tokens, depth, i);
                i++;
            }
            while (depth > 0 && i < lines.Count);

            if (depth > 0)
            {
                throw new InvalidInputException($"line {first + 1}: '(' is never closed.");
            }

            if (tokens.Count == 0)
            {
                continue;
            }

            var head = tokens[0].Text;
            if (head.StartsWith('$'))
            {
                switch (head.ToUpperInvariant())
                {
                    case "$ORIGIN" when tokens.Count >= 2:
                        currentOrigin = Resolve(tokens[1].Text, currentOrigin, first);
                        break;
                    case "$TTL" when tokens.Count >= 2:
                        defaultTtl = TtlSeconds(tokens[1].Text, first);
                        break;
                    case "$INCLUDE":
                        throw new InvalidInputException($"line {first + 1}: $INCLUDE is not supported for editing; give the included file itself as --zone-file.");
                    case "$GENERATE":
                        throw new InvalidInputException($"line {first + 1}: $GENERATE is not supported for editing.");
                    default:
                        break;
                }

                continue;
            }

            DnsName owner;
            IReadOnlyList<MasterFileToken> rest;
            if (startsWithBlank)
            {
                owner = lastOwner ?? throw new InvalidInputException($"line {first + 1}: the first record has no owner name.");
                rest = tokens;
            }
            else
            {
                owner = Resolve(head, currentOrigin, first);
                rest = tokens.Skip(1).ToList();
            }

            var typeIndex = rest.ToList().FindIndex(t => !IsTtl(t.Text) && !Classes.Contains(t.Text));
            if (typeIndex < 0)
            {
                throw new InvalidInputException($"line {first + 1}: record without a type.");
            }

            var explicitTtl = rest.Take(typeIndex).Where(t => IsTtl(t.Text)).Select(t => (uint?)TtlSeconds(t.Text, first)).FirstOrDefault();
            if (explicitTtl is not null)
            {
                lastTtl = explicitTtl;
            }

            entries.Add(new MasterFileEntry(first, i - 1, owner, rest[typeIndex].Text.ToUpperInvariant(), !startsWithBlank, currentOrigin)
            {
                Tokens = rest,
                TypeIndex = typeIndex,
                EffectiveTtl = explicitTtl ?? defaultTtl ?? lastTtl,
            });
            lastOwner = owner;
        }

        var newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        return new MasterFileLayout(text, lines, entries, currentOrigin, newLine);
    }

    /// <summary>A TTL in seconds, with BIND's unit suffixes (<c>1h30m</c>, <c>2d</c>, <c>1w</c>).</summary>
    public static uint TtlSeconds(string token, int line)
    {
        ulong total = 0;
        ulong number = 0;
        var hasDigits = false;
        foreach (var c in token.ToLowerInvariant())
        {
            if (char.IsAsciiDigit(c))
            {
                number = (number * 10) + (ulong)(c - '0');
                hasDigits = true;
                if (number > uint.MaxValue)
                {
                    break;
                }

                continue;
            }

            ulong factor = c switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                'w' => 604800,
                _ => 0,
            };
            if (factor == 0 || !hasDigits)
            {
                throw new InvalidInputException($"line {line + 1}: '{token}' is not a TTL.");
            }

            total += number * factor;
            number = 0;
            hasDigits = false;
        }

        total += number;
        if (total > int.MaxValue)
        {
            throw new InvalidInputException($"line {line + 1}: TTL '{token}' is above 2147483647 (RFC 2181 §8).");
        }

        return (uint)total;
    }

    public static bool IsTtl(string token) =>
        token.Length > 0 && char.IsAsciiDigit(token[0]) && token.All(c => char.IsAsciiDigit(c) || "smhdwSMHDW".Contains(c, StringComparison.Ordinal));

    private static DnsName Resolve(string name, DnsName origin, int line)
    {
        if (name == "@")
        {
            return origin;
        }

        try
        {
            if (name.EndsWith('.'))
            {
                return DnsName.Parse(name);
            }

            return origin.IsRoot ? DnsName.Parse(name) : DnsName.Parse(name + "." + origin.Value);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException($"line {line + 1}: {ex.Message}", ex);
        }
    }

    private static List<(int Start, int Length)> SplitLines(string text)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                var end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                lines.Add((start, end - start));
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add((start, text.Length - start));
        }

        return lines;
    }

    /// <summary>Adds the line's tokens; returns the parenthesis depth at its end.</summary>
    private static int Tokenise(string text, int start, int length, List<MasterFileToken> tokens, int depth, int lineIndex)
    {
        var end = start + length;
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (c is ' ' or '\t')
            {
                i++;
            }
            else if (c == ';')
            {
                break;
            }
            else if (c == '(')
            {
                depth++;
                i++;
            }
            else if (c == ')')
            {
                depth--;
                if (depth < 0)
                {
                    throw new InvalidInputException($"line {lineIndex + 1}: ')' without '('.");
                }

                i++;
            }
            else if (c == '"')
            {
                var s = i++;
                while (i < end && text[i] != '"')
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i = Math.Min(i + 1, end);
                tokens.Add(new MasterFileToken(text[s..i], s));
            }
            else
            {
                var s = i;
                while (i < end && text[i] is not (' ' or '\t' or ';' or '(' or ')' or '"'))
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i = Math.Min(i, end);
                tokens.Add(new MasterFileToken(text[s..i], s));
            }
        }

        return depth;
    }
}
