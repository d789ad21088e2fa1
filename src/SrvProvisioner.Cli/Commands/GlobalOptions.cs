using System.CommandLine;

namespace SrvProvisioner.Cli.Commands;

internal static class GlobalOptions
{
    public static Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show details of errors (stack traces) on stderr.",
        Recursive = true,
    };
}
