using System.Globalization;
using System.Text;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Providers.ZoneFile.MasterFile;

/// <summary>
/// Rewrites only the lines of the record sets a plan changes, and the SOA serial. A changed
/// set's new lines take the place of its first old line; a new set goes at the end of the
/// file. Every other byte is kept, including comments and the file's line breaks.
/// </summary>
internal static class MasterFileEditor
{
    public static string Apply(MasterFileLayout layout, IReadOnlyList<RecordSetChange> changes, DateOnly today)
    {
        var text = layout.Text;
        var removed = new HashSet<MasterFileEntry>();
        var insertAt = new Dictionary<int, List<string>>();
        var appended = new List<string>();
        var ownerPrefix = new Dictionary<int, string>();

        foreach (var change in changes)
        {
            var key = change.Key;
            var mnemonic = key.Type.ToMnemonic();
            var old = layout.Entries.Where(e => e.Owner == key.Name && e.Type == mnemonic).ToList();
            removed.UnionWith(old);
            if (change.After is null)
            {
                continue;
            }

            if (old.Count > 0)
            {
                var first = old[0];
                Add(insertAt, first.FirstLine, RecordLines(change.After, first.Origin));
            }
            else
            {
                appended.AddRange(RecordLines(change.After, layout.OriginAtEnd));
            }
        }

        // An entry whose owner is blank continues the previous owner (RFC 1035 §5.1); when the
        // entry it continued is removed, it gets that owner written out so it keeps its name.
        for (int i = 0; i < layout.Entries.Count; i++)
        {
            var entry = layout.Entries[i];
            if (!entry.HasExplicitOwner && !removed.Contains(entry) && i > 0 && removed.Contains(layout.Entries[i - 1]))
            {
                ownerPrefix[entry.FirstLine] = entry.OwnerText;
            }
        }

        var serialEdit = FindSerial(layout, today);
        var removedLines = removed.SelectMany(e => Enumerable.Range(e.FirstLine, e.LastLine - e.FirstLine + 1)).ToHashSet();
        var output = new StringBuilder(text.Length + 256);
        for (int line = 0; line < layout.Lines.Count; line++)
        {
            if (insertAt.TryGetValue(line, out var newLines))
            {
                foreach (var l in newLines)
                {
                    output.Append(l).Append(layout.NewLine);
                }
            }

            if (removedLines.Contains(line))
            {
                continue;
            }

            var (start, _) = layout.Lines[line];
            var end = line + 1 < layout.Lines.Count ? layout.Lines[line + 1].Start : text.Length;
            var segment = text[start..end];
            if (serialEdit is { } s && s.Offset >= start && s.Offset < end)
            {
                var at = s.Offset - start;
                segment = segment[..at] + s.NewText + segment[(at + s.OldLength)..];
            }

            if (ownerPrefix.TryGetValue(line, out var prefix))
            {
                segment = prefix + segment;
            }

            output.Append(segment);
        }

        if (appended.Count > 0)
        {
            if (output.Length > 0 && output[^1] != '\n')
            {
                output.Append(layout.NewLine);
            }

            foreach (var l in appended)
            {
                output.Append(l).Append(layout.NewLine);
            }
        }

        return output.ToString();
    }

    private static void Add(Dictionary<int, List<string>> map, int line, IEnumerable<string> lines)
    {
        if (!map.TryGetValue(line, out var list))
        {
            map[line] = list = [];
        }

        list.AddRange(lines);
    }

    private static IEnumerable<string> RecordLines(RecordSet set, DnsName origin)
    {
        var owner = !origin.IsRoot && set.Name.IsAtOrBelow(origin) ? set.Name.RelativeTo(origin) : set.Name.Fqdn;
        return set.Values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{owner}\t{set.Ttl}\tIN\t{set.Type.ToMnemonic()}\t{v}"));
    }

    private static (int Offset, int OldLength, string NewText)? FindSerial(MasterFileLayout layout, DateOnly today)
    {
        var soa = layout.Entries.FirstOrDefault(e => e.Type == "SOA")
            ?? throw new InvalidInputException("The zone file has no SOA record; every zone needs one (RFC 1035 §5.2).");
        var tokens = soa.Tokens;
        var typeIndex = tokens.ToList().FindIndex(t => t.Text.Equals("SOA", StringComparison.OrdinalIgnoreCase));
        if (typeIndex < 0 || typeIndex + 3 >= tokens.Count)
        {
            throw new InvalidInputException($"line {soa.FirstLine + 1}: the SOA record has no serial.");
        }

        var serialToken = tokens[typeIndex + 3];
        if (!uint.TryParse(serialToken.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial))
        {
            throw new InvalidInputException($"line {soa.FirstLine + 1}: SOA serial '{serialToken.Text}' is not a number.");
        }

        var next = SoaSerial.Next(serial, today).ToString(CultureInfo.InvariantCulture);
        return (serialToken.Offset, serialToken.Text.Length, next);
    }
}
