using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Editing;
using YamlDotNet.Core.Events;

namespace SrvProvisioner.Core.HomeserverConfig.Yaml;

/// <summary>
/// The three edits srvprov makes in YAML: replace a value's exact span, remove a key's whole
/// line, add a key as whole lines at the end of the root mapping. Everything else is kept.
/// </summary>
internal static class YamlEdits
{
    public static TextEdit ReplaceValue(YamlEntry entry, string replacement)
    {
        var start = (int)entry.Value.Start.Index;
        return new TextEdit(start, (int)entry.ValueEnd.Index - start, replacement);
    }

    /// <summary>
    /// Removes the lines of <paramref name="entry"/>, optionally putting
    /// <paramref name="replacementLines"/> (terminated, indented by the caller) there instead.
    /// The key must begin its line and the value end it (a comment may follow).
    /// </summary>
    public static TextEdit ReplaceLines(ConfigFileText file, YamlEntry entry, string replacementLines)
    {
        var text = file.Text;
        var keyStart = (int)entry.Key.Start.Index;
        var lineStart = TextEdits.LineStart(text, keyStart);
        var valueEnd = (int)entry.ValueEnd.Index;
        var lineEnd = TextEdits.LineEnd(text, valueEnd);
        var rest = text[valueEnd..lineEnd].TrimEnd('\n', '\r').TrimStart(' ', '\t');
        if (entry.InFlowMapping || !TextEdits.IsBlank(text, lineStart, keyStart) || (rest.Length > 0 && rest[0] != '#')
            || entry.Value.Start.Line != entry.Key.Start.Line)
        {
            throw new ConfigFileException($"{file.Path}: {entry.DottedPath} (line {entry.Key.Start.Line}) shares its line with other YAML; put it on a line of its own and run again.");
        }

        return new TextEdit(lineStart, lineEnd - lineStart, replacementLines);
    }

    /// <summary>
    /// Adds <paramref name="lines"/> (each without terminator) as new keys of the root mapping:
    /// after its last line, or before an explicit <c>...</c> document end. The file's line ending
    /// is used and a missing final newline stays missing.
    /// </summary>
    public static TextEdit AppendToRoot(ConfigFileText file, YamlIndex index, IReadOnlyList<string> lines)
    {
        if (index.Documents.Count != 1)
        {
            throw new ConfigFileException($"{file.Path} holds {index.Documents.Count} YAML documents; cannot tell which one to add the setting to. Keep one document and run again.");
        }

        var document = index.Documents[0];
        if (document.Root is not MappingStart root)
        {
            throw new ConfigFileException($"{file.Path}: the top level is not a mapping of settings; fix it and run again.");
        }

        if (root.Style == MappingStyle.Flow)
        {
            throw new ConfigFileException($"{file.Path}: the top-level mapping is written in flow style ({{ ... }}); srvprov does not add keys to it. Add the setting by hand.");
        }

        var text = file.Text;
        var nl = file.NewLine;
        var indent = new string(' ', (int)root.Start.Column - 1);
        var block = string.Join(string.Empty, lines.Select(l => indent + l + nl));
        if (!document.End.IsImplicit)
        {
            var at = TextEdits.LineStart(text, (int)document.End.Start.Index);
            return new TextEdit(at, 0, block);
        }

        if (file.EndsWithNewLine)
        {
            return new TextEdit(text.Length, 0, nl + block);
        }

        // Keep the absence of a final newline: terminate the old last line instead.
        return new TextEdit(text.Length, 0, nl + nl + block[..^nl.Length]);
    }
}
