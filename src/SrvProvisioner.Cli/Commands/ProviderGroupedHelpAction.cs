using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using SrvProvisioner.Cli.Composition;

namespace SrvProvisioner.Cli.Commands;

/// <summary>
/// <c>--help</c> with each provider's options under a heading of their own, after the
/// command's own options, instead of one flat list of 45. The groups come from
/// <see cref="ProviderCatalog"/>: a provider added there gets its heading with no change here.
/// System.CommandLine's help writes everything else; its provider rows are hidden while it
/// writes, then written per provider in the same two-column form.
/// </summary>
internal sealed class ProviderGroupedHelpAction(HelpAction standard) : SynchronousCommandLineAction
{
    /// <summary>As the help action it wraps: <c>--help</c> works whatever else the command line lacks.</summary>
    public override bool ClearsParseErrors => standard.ClearsParseErrors;

    /// <summary>The heading a provider's options stand under (also what the tests look for).</summary>
    public static string Heading(string provider) =>
        string.Equals(provider, ProviderCatalog.DefaultProvider, StringComparison.Ordinal)
            ? $"Options of --provider {provider} (the default):"
            : $"Options of --provider {provider}:";

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var command = parseResult.CommandResult.Command;
        var groups = ProviderCatalog.All
            .Select(f => (f.Name, Options: f.Options.Select(spec => command.Options.FirstOrDefault(o => o.Name == spec.Name)).OfType<Option>().Where(o => !o.Hidden).ToList()))
            .Where(g => g.Options.Count > 0)
            .ToList();
        var grouped = groups.SelectMany(g => g.Options).Distinct().ToList();
        foreach (var option in grouped)
        {
            option.Hidden = true;
        }

        int exitCode;
        try
        {
            exitCode = standard.Invoke(parseResult);
        }
        finally
        {
            foreach (var option in grouped)
            {
                option.Hidden = false;
            }
        }

        var output = parseResult.InvocationConfiguration.Output;
        var width = grouped.Select(o => Label(o).Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var (name, options) in groups)
        {
            output.WriteLine(Heading(name));
            foreach (var option in options)
            {
                output.WriteLine($"  {Label(option).PadRight(width)}{option.Description}");
            }

            output.WriteLine();
        }

        return exitCode;
    }

    /// <summary>The first column as System.CommandLine writes it: the name, and the value's placeholder unless it is a switch.</summary>
    private static string Label(Option option) =>
        option.ValueType == typeof(bool) || option.HelpName is null ? option.Name : $"{option.Name} <{option.HelpName}>";
}
