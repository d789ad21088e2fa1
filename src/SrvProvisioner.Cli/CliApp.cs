using System.CommandLine;
using System.Reflection;
using SrvProvisioner.Cli.Commands;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Cli;

/// <summary>
/// Parses the command line, runs the command and turns every failure into one clear line
/// and exit code 1. Stack traces only with --verbose.
/// </summary>
internal static class CliApp
{
    /// <summary>What System.CommandLine's --version prints: the informational version, else the assembly version.</summary>
    public static string VersionText =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        // 'srvprov' alone is someone finding their way in: show the help, not a parse error.
        if (args.Length == 0)
        {
            args = ["--help"];
        }

        args = Commands.Acme.HookInvocation.ProtectPositionals(args);
        var root = CommandTree.Build(console);
        // No response files: a value such as '@alice:example.com' (a Matrix ID pasted as the
        // server name) must reach the option, not be read as the file 'alice:example.com'.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var verbose = args.Contains("--verbose");
        if (parse.Errors.Count > 0 && !IsHelpRequest(args))
        {
            var command = parse.CommandResult.Command;
            var name = command is RootCommand ? "srvprov" : "srvprov " + command.Name;
            // "Unrecognized command or argument 'x'" says more than "Required command was not provided".
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            var message = string.Join(' ', error.Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            await console.Error.WriteLineAsync($"error: {message}{DidYouMean(parse, command)}");
            await console.Error.WriteLineAsync($"Run '{name} --help' for usage.");
            return ExitCodes.Error;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            Cancel(cancel);
        };

        // SIGTERM (kill, systemd stop, a CI timeout) cancels like Ctrl-C: the run stops at the
        // next step, before the atomic replace nothing is written, and it exits 1 with one line,
        // instead of the runtime's immediate exit or a wait on a blocked read.
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Cancel(cancel);
        });

        try
        {
            // ProcessTerminationTimeout null: System.CommandLine's own SIGINT/SIGTERM handling would
            // cancel a token of its own (and force an exit), racing the handlers above.
            var config = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parse.InvokeAsync(config, cancel.Token);
        }
        catch (SrvProvisionerException ex)
        {
            await WriteErrorAsync(console, ex, verbose);
            return ExitCodes.Error;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Every write is one atomic replace after its checks; a cancel stops before the next one.
            // Apply and apply --file report a cancel after their DNS write themselves (what was
            // written, how to finish); what reaches here stopped before a write of its own.
            await console.Error.WriteLineAsync("error: cancelled (Ctrl-C or SIGTERM); the run stopped before its next write, and no file or record is ever left half-written. Run plan to see the state.");
            return ExitCodes.Error;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await console.Error.WriteLineAsync($"error: unexpected {ex.GetType().Name}: {ex.Message}");
            if (verbose)
            {
                await console.Error.WriteLineAsync(ex.ToString());
            }
            else
            {
                await console.Error.WriteLineAsync("Run again with --verbose for details, and please report it.");
            }

            return ExitCodes.Error;
        }
    }

    /// <summary>" Did you mean '--server-name'?" for the first unknown token, or nothing.</summary>
    private static string DidYouMean(ParseResult parse, Command command)
    {
        var unknown = parse.UnmatchedTokens.FirstOrDefault();
        if (unknown is null)
        {
            return string.Empty;
        }

        var suggestions = TypoSuggestions.For(unknown, command);
        return suggestions.Count == 0
            ? string.Empty
            : $" Did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}?";
    }

    private static bool IsHelpRequest(string[] args) =>
        args.Any(a => a is "--help" or "-h" or "-?" or "--version");

    private static async Task WriteErrorAsync(CliConsole console, SrvProvisionerException ex, bool verbose)
    {
        await console.Error.WriteLineAsync($"error: {ex.Message}");
        if (verbose && ex.InnerException is not null)
        {
            await console.Error.WriteLineAsync(ex.InnerException.ToString());
        }
    }

    /// <summary>A signal can arrive while the run is already ending and the source disposed.</summary>
    private static void Cancel(CancellationTokenSource cancel)
    {
        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run has finished; nothing to cancel.
        }
    }
}
