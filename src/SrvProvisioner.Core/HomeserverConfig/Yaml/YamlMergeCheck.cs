using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.HomeserverConfig.Yaml;

/// <summary>
/// Merge keys and shared mappings around one setting. The value a homeserver sees is what its
/// YAML loader builds: a key the mapping does not set itself may come in through a merge key
/// (<c>&lt;&lt;: *base</c>, https://yaml.org/type/merge.html, applied by PyYAML for Synapse and
/// Ansible, yaml.v3 for Dendrite), and a key inside an anchored mapping is also every alias's
/// and every merge's value. srvprov edits text, so both are refused with the line to write out.
/// </summary>
internal static class YamlMergeCheck
{
    /// <summary>Refuses when <paramref name="missing"/> (absent as written) is supplied by a merge key, or may be.</summary>
    public static void ThrowIfMerged(YamlIndex index, string path, string dottedPath, IReadOnlyList<string> missing)
    {
        var mapping = missing.Take(missing.Count - 1).ToList();
        var key = missing[^1];
        var visited = new HashSet<string>(StringComparer.Ordinal);
        if (Lookup(index, path, dottedPath, mapping, key, visited) is { } hit)
        {
            throw new ConfigFileException($"{path}: {dottedPath} is not written out but comes in through the merge key '<<' on line {hit.MergeLine} (from line {hit.Entry.Key.Start.Line}), which the homeserver's YAML loader applies; srvprov does not edit merged values. Write {string.Join('.', missing)} out in the mapping of line {hit.MergeLine} and run again.");
        }
    }

    /// <summary>Refuses an edit inside an anchored mapping that an alias or merge key shares.</summary>
    public static void ThrowIfShared(YamlIndex index, string path, YamlEntry entry)
    {
        for (var length = entry.Path.Count - 1; length >= 1; length--)
        {
            var prefix = entry.Path.Take(length).ToList();
            var shared = index.Anchors.FirstOrDefault(a => a.Document == entry.Document && a.Path is not null && a.Path.SequenceEqual(prefix, StringComparer.Ordinal) && index.IsAliased(a.Document, a.Name));
            if (shared is not null)
            {
                throw new ConfigFileException($"{path}: {entry.DottedPath} (line {entry.Key.Start.Line}) is inside the mapping anchored &{shared.Name} on line {shared.Line}, which an alias or merge key shares; editing it would change those too. Write the shared values out and run again.");
            }
        }
    }

    private static (long MergeLine, YamlEntry Entry)? Lookup(YamlIndex index, string path, string dottedPath, IReadOnlyList<string> mapping, string key, HashSet<string> visited)
    {
        // Each mapping is searched once: merges of merges (or a crafted cycle) cost one visit each.
        if (!visited.Add(string.Join('\u0000', mapping)))
        {
            return null;
        }

        foreach (var merge in index.Merges.Where(m => m.MappingPath.SequenceEqual(mapping, StringComparer.Ordinal)))
        {
            // Sources earlier in a merge list take precedence (merge type spec): the first hit is the value.
            foreach (var source in merge.Sources)
            {
                var sourcePath = source.InlinePath
                    ?? (source.Anchor is { } name ? index.Anchor(merge.Document, name)?.Path : null)
                    ?? throw new ConfigFileException($"{path}: the merge key '<<' on line {merge.Line} brings in a value srvprov cannot follow (an alias to a list item, a scalar, or an anchor defined twice), so it cannot tell whether it sets {dottedPath}. Write {dottedPath} out explicitly and run again.");
                var direct = index.Entries.FirstOrDefault(e => e.Document == merge.Document
                    && e.Path.Count == sourcePath.Count + 1
                    && string.Equals(e.Path[^1], key, StringComparison.Ordinal)
                    && e.Path.Take(sourcePath.Count).SequenceEqual(sourcePath, StringComparer.Ordinal));
                if (direct is not null)
                {
                    return (merge.Line, direct);
                }

                if (Lookup(index, path, dottedPath, sourcePath, key, visited) is { } deeper)
                {
                    return (merge.Line, deeper.Entry);
                }
            }
        }

        return null;
    }
}
