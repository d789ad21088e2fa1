using SrvProvisioner.Core.Hosting;
namespace SrvProvisioner.Cli;

/// <summary>Where a command writes and whether a person is watching.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool IsInteractive, bool UseColor)
{
    /// <summary>stderr is a terminal: a live progress bar there helps a person and harms no pipe.</summary>
    public bool IsProgressTerminal { get; init; }

    public static CliConsole FromSystem(EnvironmentReader environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;

        // https://no-color.org: any non-empty NO_COLOR turns colour off.
        var color = !Console.IsOutputRedirected
            && environment.GetNonEmpty("NO_COLOR") is null
            && environment.Get("TERM") != "dumb";
        return new CliConsole(Console.Out, Console.Error, Console.In, interactive, color) { IsProgressTerminal = !Console.IsErrorRedirected };
    }
}
