using System.Globalization;
using SrvProvisioner.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SrvProvisioner.Core.HomeserverConfig.Yaml;

/// <summary>
/// Finds one setting by its dotted path and refuses every layout where the value that takes
/// effect is not certain: a duplicate key (loaders disagree on which wins), a setting in
/// several documents, an alias or an anchored value (other keys share it).
/// </summary>
internal static class YamlSettings
{
    public static YamlEntry? Find(YamlIndex index, string path, string dottedPath)
    {
        var segments = dottedPath.Split('.');
        for (var depth = 1; depth <= segments.Length; depth++)
        {
            var prefix = segments[..depth];
            var matches = index.Entries.Where(e => e.Path.SequenceEqual(prefix, StringComparer.Ordinal)).ToList();
            if (matches.Select(m => m.Document).Distinct().Count() > 1)
            {
                throw new ConfigFileException($"{path}: {string.Join('.', prefix)} is set in several YAML documents (lines {Lines(matches)}); cannot tell which one applies. Keep one and run again.");
            }

            if (matches.Count > 1)
            {
                throw new ConfigFileException($"{path}: {string.Join('.', prefix)} appears {matches.Count} times (lines {Lines(matches)}); a duplicate key is ambiguous. Remove all but one and run again.");
            }

            if (matches.Count == 0)
            {
                YamlMergeCheck.ThrowIfMerged(index, path, dottedPath, prefix);
                return null;
            }
        }

        var entry = index.Entries.Single(e => e.Path.SequenceEqual(segments, StringComparer.Ordinal));
        YamlMergeCheck.ThrowIfShared(index, path, entry);
        return entry.Value switch
        {
            AnchorAlias alias => throw new ConfigFileException($"{path}: {dottedPath} (line {entry.Key.Start.Line}) is the alias *{alias.Value}; srvprov does not edit shared values. Write the value out and run again."),
            Scalar { Anchor.IsEmpty: false } scalar => throw new ConfigFileException($"{path}: {dottedPath} (line {entry.Key.Start.Line}) carries the anchor &{scalar.Anchor}; other settings may share it. Remove the anchor and run again."),
            Scalar { Style: ScalarStyle.Literal or ScalarStyle.Folded } => throw new ConfigFileException($"{path}: {dottedPath} (line {entry.Key.Start.Line}) is a block scalar; write it on one line and run again."),
            Scalar => entry,
            _ => throw new ConfigFileException($"{path}: {dottedPath} (line {entry.Key.Start.Line}) is a mapping or list, not a single value; fix it and run again."),
        };
    }

    private static string Lines(IEnumerable<YamlEntry> entries) =>
        string.Join(", ", entries.Select(e => e.Key.Start.Line.ToString(CultureInfo.InvariantCulture)));
}
