using System.CommandLine;

namespace SrvProvisioner.Cli.Fleet;

/// <summary>The options that turn plan, apply and verify into fleet runs.</summary>
internal sealed class FleetOptions
{
    public Option<string> File { get; } = new("--file") { Description = "Run every domain of a fleet file (YAML; see docs/fleet.md) instead of one --server-name.", HelpName = "FILE" };

    public Option<string> Parallel { get; } = new("--parallel") { Description = "Domains worked on at once in a fleet run (1-256); providers still pace themselves to their API limits.", DefaultValueFactory = _ => "16", HelpName = "N" };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(File);
        command.Options.Add(Parallel);
    }

    /// <summary>
    /// A fleet file names the domains, their targets and providers; one-domain options given
    /// beside <c>--file</c> would be ignored, so they are refused, naming them.
    /// </summary>
    public static void RefuseSingleDomainOptions(ParseResult parse, IEnumerable<Option> singleDomainOptions)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var given = singleDomainOptions.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).Distinct().ToList();
        if (given.Count > 0)
        {
            throw new Core.Errors.InvalidInputException($"{string.Join(", ", given)} cannot be combined with --file: the fleet file names the domains, their targets and providers.");
        }
    }

    public int GetParallel(ParseResult parse)
    {
        var text = parse.GetValue(Parallel)!;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 256
            ? n
            : throw new Core.Errors.InvalidInputException($"--parallel '{text}' must be a whole number from 1 to 256.");
    }
}
