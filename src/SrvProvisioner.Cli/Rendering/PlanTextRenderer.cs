using System.Globalization;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Rendering;

/// <summary>
/// A plan for people: reads like a diff (<c>+</c> create, <c>~</c> update, <c>-</c> delete),
/// findings after it, and one summary line at the end.
/// </summary>
internal static class PlanTextRenderer
{
    public static void Write(Plan plan, TextWriter writer, Ansi ansi)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(ansi.Bold($"Plan for {plan.ServerName.ToDisplayString()}") + $" (provider {plan.Provider.Name}, zone {plan.Zone.Name.Fqdn})");
        writer.WriteLine();

        var factory = Composition.ProviderCatalog.All.FirstOrDefault(f => f.Name == plan.Provider.Name);
        Func<uint, string> ttl = factory is null ? t => t.ToString(CultureInfo.InvariantCulture) : factory.DescribeTtl;
        foreach (var change in plan.DnsChanges)
        {
            WriteDnsChange(change, writer, ansi, ttl);
        }

        if (plan.DnsChanges.Count == 0)
        {
            writer.WriteLine("  DNS: the SRV records are already as wanted.");
        }

        foreach (var file in plan.ConfigFiles)
        {
            writer.WriteLine();
            if (file.Changes.Count == 0)
            {
                writer.WriteLine($"  {DisplayPath(file.Path)} ({file.Kind}): nothing to change.");
                continue;
            }

            writer.WriteLine(ansi.Bold($"~ {DisplayPath(file.Path)}") + $" ({file.Kind})");
            foreach (var line in (file.Diff ?? string.Empty).Split('\n').Where(l => l.Length > 0))
            {
                writer.WriteLine("  " + ColourDiffLine(ShortenPaths(line), ansi));
            }
        }

        if (plan.Findings.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine("Findings:");
            foreach (var f in plan.Findings.OrderByDescending(f => f.Severity))
            {
                writer.WriteLine($"  {SeverityLabel(f.Severity, ansi)} {ShortenPaths(f.Message)} [{f.Code}]");
            }
        }

        writer.WriteLine();
        writer.WriteLine(Summary(plan));
    }

    /// <summary>Paths below the working directory read shorter; plan files keep them absolute.</summary>
    public static string DisplayPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    /// <summary>
    /// Paths below the working directory inside a diff header or a finding read shorter too
    /// (a proxy tree's files are named absolutely, as the server loads them); plan files and
    /// JSON keep them absolute.
    /// </summary>
    private static string ShortenPaths(string text)
    {
        var cwd = Environment.CurrentDirectory.TrimEnd('/') + "/";
        if (cwd == "/" || !text.Contains(cwd, StringComparison.Ordinal))
        {
            return text;
        }

        return text.Replace("--- a" + cwd, "--- a/", StringComparison.Ordinal).Replace("+++ b" + cwd, "+++ b/", StringComparison.Ordinal).Replace(cwd, string.Empty, StringComparison.Ordinal);
    }

    /// <summary>
    /// The last line: what the plan would change and, when an error finding exists, that it
    /// needs attention; this line says why <c>--detailed-exitcode</c> exits 2.
    /// </summary>
    public static string Summary(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var errors = plan.ErrorCount switch
        {
            0 => string.Empty,
            1 => "1 error finding needs attention",
            var n => string.Create(CultureInfo.InvariantCulture, $"{n} error findings need attention"),
        };
        if (!plan.HasChanges)
        {
            return errors.Length == 0
                ? "No changes: delegation is already as planned."
                : $"No changes to make, but {errors} (see Findings).";
        }

        int Count(ChangeAction a) => plan.DnsChanges.Count(c => c.Action == a);
        var text = string.Create(CultureInfo.InvariantCulture, $"Plan: {Count(ChangeAction.Create)} to create, {Count(ChangeAction.Update)} to update, {Count(ChangeAction.Delete)} to delete in DNS");
        var files = plan.ConfigFiles.Count(f => f.Changes.Count > 0);
        if (files > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {plan.ConfigChangeCount} setting(s) to change in {files} file(s)");
        }

        if (errors.Length > 0)
        {
            text += "; " + errors;
        }

        return text + ".";
    }

    private static void WriteDnsChange(RecordSetChange change, TextWriter writer, Ansi ansi, Func<uint, string> ttl)
    {
        var name = change.Key.Name.Fqdn;
        var type = change.Key.Type.ToMnemonic();
        switch (change.Action)
        {
            case ChangeAction.Create:
                foreach (var v in change.After!.Values)
                {
                    writer.WriteLine(ansi.Green($"+ {name} {ttl(change.After.Ttl)} IN {type} {v}"));
                }

                break;
            case ChangeAction.Delete:
                foreach (var v in change.Before!.Values)
                {
                    writer.WriteLine(ansi.Red($"- {name} {ttl(change.Before.Ttl)} IN {type} {v}"));
                }

                break;
            default:
                writer.WriteLine(ansi.Yellow($"~ {name} {type}"));
                foreach (var v in change.Before!.Values)
                {
                    writer.WriteLine(ansi.Red($"    - {ttl(change.Before.Ttl)} IN {type} {v}"));
                }

                foreach (var v in change.After!.Values)
                {
                    writer.WriteLine(ansi.Green($"    + {ttl(change.After.Ttl)} IN {type} {v}"));
                }

                break;
        }
    }

    private static string ColourDiffLine(string line, Ansi ansi) => line switch
    {
        _ when line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) => ansi.Bold(line),
        _ when line.StartsWith('+') => ansi.Green(line),
        _ when line.StartsWith('-') => ansi.Red(line),
        _ when line.StartsWith("@@", StringComparison.Ordinal) => ansi.Cyan(line),
        _ => line,
    };

    public static string SeverityLabel(Severity severity, Ansi ansi) => severity switch
    {
        Severity.Error => ansi.Red("error  "),
        Severity.Warning => ansi.Yellow("warning"),
        _ => ansi.Dim("info   "),
    };
}
