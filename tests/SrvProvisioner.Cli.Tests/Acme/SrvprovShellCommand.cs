using SrvProvisioner.Testing.Cli;
using SrvProvisioner.Testing.Files;

namespace SrvProvisioner.Cli.Tests.Acme;

/// <summary>
/// The srvprov under test as a shell command line, for the hooks an ACME client runs itself:
/// the Native AOT executable when the suite tests it, else <c>dotnet srvprov.dll</c>.
/// </summary>
internal static class SrvprovShellCommand
{
    // certbot checks that the hook's first word is an executable file before it runs the line
    // through a shell, so a quoted first word fails that check: a plain path goes unquoted.
    public static string Prefix => SrvprovProcess.NativeExecutable is { } native
        ? (native.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_') ? native : Quote(native))
        : $"dotnet {Quote(Path.Combine(AppContext.BaseDirectory, "srvprov.dll"))}";

    public static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Line(IEnumerable<string> args) => Prefix + " " + string.Join(' ', args.Select(Quote));

    /// <summary>A shell script that runs srvprov with <paramref name="args"/> and then its own arguments (lego's EXEC_PATH takes one program).</summary>
    public static async Task<string> WriteScriptAsync(string directory, IEnumerable<string> args)
    {
        var path = Path.Combine(directory, "srvprov-hook.sh");
        await File.WriteAllTextAsync(path, $"#!/bin/sh\nexec {Line(args)} \"$@\"\n");
        await UnixFileFacts.ChmodAsync(path, "700");
        return path;
    }
}
