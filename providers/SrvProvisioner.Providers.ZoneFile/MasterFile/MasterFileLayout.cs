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
    /// <summary>The types srvprov reads (and the SOA it bumps); every other type is kept as opaque text.</summary>
    public static readonly IReadOnlySet<string> ModelledTypes = new HashSet<string>(StringComparer.Ordinal) { "SOA", "SRV", "CNAME", "A", "AAAA" };

    /// <summary>Stands for an owner that is not a plain host name (RFC 4592 wildcard, RFC 1035 §5.1 escapes).</summary>
    public static readonly DnsName OpaqueOwner = DnsName.Parse("srvprov-opaque-owner.invalid");

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
        string? lastOwnerText = null;
        int? soaLine = null;
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
            string ownerText;
            IReadOnlyList<MasterFileToken> rest;
            if (startsWithBlank)
            {
                owner = lastOwner ?? throw new InvalidInputException($"line {first + 1}: the first record has no owner name.");
                ownerText = lastOwnerText!;
                rest = tokens;
            }
            else
            {
                (owner, ownerText) = ResolveOwner(head, currentOrigin, first);
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

            var type = rest[typeIndex].Text.ToUpperInvariant();
            if (type == "SOA")
            {
                if (soaLine is { } earlier)
                {
                    throw new InvalidInputException($"line {first + 1}: a second SOA record (the first is on line {earlier + 1}); a zone has exactly one (RFC 1035 §5.2).");
                }

                soaLine = first;
            }

            entries.Add(new MasterFileEntry(first, i - 1, owner, type, !startsWithBlank, currentOrigin)
            {
                OwnerText = ownerText,
                Tokens = rest,
                TypeIndex = typeIndex,
                EffectiveTtl = explicitTtl ?? defaultTtl ?? lastTtl,
            });
            lastOwner = owner;
            lastOwnerText = ownerText;
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

    /// <summary>
    /// An owner srvprov can compare (escapes such as <c>\095</c> for '_' decoded), or
    /// <see cref="OpaqueOwner"/> for a wildcard or a label that is no host name label
    /// (an escaped dot, spaces, other bytes): such records are never srvprov's.
    /// </summary>
    private static (DnsName Owner, string Text) ResolveOwner(string token, DnsName origin, int line)
    {
        var absolute = token == "@" ? (origin.IsRoot ? "." : origin.Fqdn)
            : token.EndsWith('.') && !token.EndsWith("\\.", StringComparison.Ordinal) ? token
            : origin.IsRoot ? token + "." : token + "." + origin.Fqdn;
        if (!token.Contains('\\', StringComparison.Ordinal) && !token.Contains('*', StringComparison.Ordinal))
        {
            var plain = Resolve(token, origin, line);
            return (plain, plain.Fqdn);
        }

        var decoded = DecodeLabels(token);
        if (decoded is null || decoded.Any(l => l.Length == 0 || !l.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return (OpaqueOwner, absolute);
        }

        return (Resolve(string.Join('.', decoded) + (token.EndsWith('.') ? "." : string.Empty), origin, line), absolute);
    }

    /// <summary>The labels of a master-file name with <c>\X</c> and <c>\DDD</c> decoded (RFC 1035 §5.1); null when malformed.</summary>
    private static List<string>? DecodeLabels(string token)
    {
        var labels = new List<string>();
        var label = new System.Text.StringBuilder();
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (c == '\\')
            {
                if (i + 3 < token.Length && char.IsAsciiDigit(token[i + 1]) && char.IsAsciiDigit(token[i + 2]) && char.IsAsciiDigit(token[i + 3]))
                {
                    var value = ((token[i + 1] - '0') * 100) + ((token[i + 2] - '0') * 10) + (token[i + 3] - '0');
                    if (value > 255)
                    {
                        return null;
                    }

                    label.Append((char)value);
                    i += 3;
                }
                else if (i + 1 < token.Length)
                {
                    label.Append(token[++i]);
                }
                else
                {
                    return null;
                }
            }
            else if (c == '.')
            {
                labels.Add(label.ToString());
                label.Clear();
            }
            else
            {
                label.Append(c);
            }
        }

        if (label.Length > 0 || labels.Count == 0)
        {
            labels.Add(label.ToString());
        }

        return labels;
    }

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
