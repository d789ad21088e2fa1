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

            var type = rest.Select(t => t.Text).FirstOrDefault(t => !IsTtl(t) && !Classes.Contains(t))
                ?? throw new InvalidInputException($"line {first + 1}: record without a type.");
            entries.Add(new MasterFileEntry(first, i - 1, owner, type.ToUpperInvariant(), !startsWithBlank, currentOrigin) { Tokens = rest });
            lastOwner = owner;
        }

        var newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        return new MasterFileLayout(text, lines, entries, currentOrigin, newLine);
    }

    private static bool IsTtl(string token) =>
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
