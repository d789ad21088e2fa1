using System.Text;
using System.Text.Json.Nodes;
using SrvProvisioner.Core.HomeserverConfig.Editing;
using Tomlyn.Syntax;

namespace SrvProvisioner.Core.HomeserverConfig.Toml;

/// <summary>Edits of TOML text located through the syntax tree's spans.</summary>
internal static class TomlEdits
{
    /// <summary>
    /// Turns the lines of <paramref name="entry"/> into comments and puts <paramref name="why"/>
    /// above them, in the entry's indentation. The key and its value are gone for the parser;
    /// the reader still sees what was there and why it went.
    /// </summary>
    public static TextEdit CommentOut(ConfigFileText file, TomlEntry entry, string why)
    {
        var text = file.Text;
        var keyStart = entry.KeyValue.Key!.Span.Start.Offset;
        var lineStart = TextEdits.LineStart(text, keyStart);
        var lineEnd = TextEdits.LineEnd(text, entry.Value.Span.End.Offset + 1);
        var indent = text[lineStart..keyStart];
        var replacement = new StringBuilder();
        replacement.Append(indent).Append("# ").Append(why).Append(file.NewLine);
        var first = true;
        foreach (var line in UnifiedDiff.SplitLines(text[lineStart..lineEnd]))
        {
            replacement.Append(first ? indent + "#" + line[indent.Length..] : "#" + line);
            first = false;
        }

        return new TextEdit(lineStart, lineEnd - lineStart, replacement.ToString());
    }

    /// <summary>The value as a JSON literal of its TOML type.</summary>
    public static string ToJson(string text, ValueSyntax value) => value switch
    {
        StringValueSyntax s => JsonValue.Create(s.Value ?? string.Empty).ToJsonString(),
        BooleanValueSyntax b => b.Value ? "true" : "false",
        IntegerValueSyntax i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => JsonValue.Create(text[value.Span.Start.Offset..(value.Span.End.Offset + 1)]).ToJsonString(),
    };
}
