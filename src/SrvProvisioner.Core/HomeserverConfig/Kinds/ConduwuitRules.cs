using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Toml;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using Tomlyn.Syntax;

namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>
/// conduwuit, Tuwunel and continuwuity: <c>[global.well_known] server</c> is an optional
/// value; while it is set the server answers <c>/.well-known/matrix/server</c> with it
/// (their example configs: "The server base domain of the URL with a specific port that the
/// server well-known file will serve"). No value means off, so the key is removed, left as a
/// comment saying why.
/// </summary>
internal static class ConduwuitRules
{
    public const string Setting = "global.well_known.server";

    public static KindPlan Plan(ConfigFileText file)
    {
        var index = TomlIndex.Parse(file.Path, file.Text);
        RefuseInlineTables(file, index);
        var entry = index.Find("global", "well_known", "server").SingleOrDefault();
        if (entry is null)
        {
            return KindPlan.Empty;
        }

        var change = new ConfigChange(Setting, ChangeAction.Delete, TomlEdits.ToJson(file.Text, entry.Value), null);
        return new KindPlan([change], [TomlEdits.CommentOut(file, entry, WhyComment.Text)], []);
    }

    /// <summary>An inline table (<c>well_known = { server = "..." }</c>) is one line of several keys: not edited.</summary>
    internal static void RefuseInlineTables(ConfigFileText file, TomlIndex index)
    {
        string[] path = ["global", "well_known", "server"];
        foreach (var entry in index.Entries)
        {
            var isPrefix = entry.Path.Count < path.Length && entry.Path.SequenceEqual(path.Take(entry.Path.Count), StringComparer.Ordinal);
            if (isPrefix && entry.Value is InlineTableSyntax)
            {
                throw new ConfigFileException($"{file.Path}: {entry.DottedPath} (line {entry.KeyValue.Span.Start.Line + 1}) is an inline table; srvprov does not edit inside one. Write it as a [global.well_known] table, or remove its server key by hand, and run again.");
            }
        }
    }
}
