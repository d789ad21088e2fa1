using SrvProvisioner.Core.Errors;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace SrvProvisioner.Core.HomeserverConfig.Toml;

/// <summary>
/// Every key-value of a TOML file with its full path, read from Tomlyn's lossless syntax tree
/// (spans are character offsets into the text, end inclusive). Tomlyn's validation already
/// refuses duplicate keys and tables (TOML 1.0 §Keys: "Defining a key multiple times is invalid").
/// </summary>
internal sealed class TomlIndex
{
    private TomlIndex(IReadOnlyList<TomlEntry> entries)
    {
        Entries = entries;
    }

    public IReadOnlyList<TomlEntry> Entries { get; }

    public static TomlIndex Parse(string path, string text)
    {
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, path, true);
        }
        catch (Tomlyn.TomlException ex)
        {
            // Tomlyn throws (instead of reporting a diagnostic) for inline tables and arrays
            // nested deeper than it supports.
            throw new ConfigFileException($"{path} is not TOML srvprov can read ({ex.Message}); fix it and run again.", ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // Tomlyn throws this while describing an escape cut off by the end of the file
            // ("a\ at the very end, found by the config fuzz test) instead of reporting it.
            throw new ConfigFileException($"{path} is not valid TOML (it ends inside an escape sequence of a string); fix it and run again.", ex);
        }

        if (document.HasErrors)
        {
            var first = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
            throw new ConfigFileException($"{path} is not valid TOML (line {first.Span.Start.Line + 1}: {first.Message}); fix it and run again.");
        }

        var entries = new List<TomlEntry>();
        foreach (var kv in document.KeyValues)
        {
            entries.Add(new TomlEntry(KeyParts(kv.Key!), kv));
        }

        foreach (var table in document.Tables)
        {
            var prefix = KeyParts(table.Name!);
            var isArray = table is not TableSyntax;
            foreach (var kv in table.Items)
            {
                // Keys inside [[array tables]] belong to one element each: not addressable by path.
                if (!isArray)
                {
                    entries.Add(new TomlEntry([.. prefix, .. KeyParts(kv.Key!)], kv));
                }
            }
        }

        return new TomlIndex(entries);
    }

    public IEnumerable<TomlEntry> Find(params string[] path) =>
        Entries.Where(e => e.Path.SequenceEqual(path, StringComparer.Ordinal));

    private static List<string> KeyParts(KeySyntax key)
    {
        var parts = new List<string> { Part(key.Key!) };
        parts.AddRange(key.DotKeys.Select(d => Part(d.Key!)));
        return parts;
    }

    private static string Part(SyntaxNode node) => node switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value!,
        _ => node.ToString()!.Trim(),
    };
}
