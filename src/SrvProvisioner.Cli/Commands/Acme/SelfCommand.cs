namespace SrvProvisioner.Cli.Commands.Acme;

/// <summary>
/// How to run this same srvprov again as a child (the hook an ACME client calls): the native
/// executable itself, or, for the IL build started as <c>dotnet srvprov.dll</c>, the
/// <c>dotnet</c> host with the dll.
/// </summary>
internal static class SelfCommand
{
    public static IReadOnlyList<string> Get()
    {
        var process = Environment.ProcessPath ?? throw new Core.Errors.ProviderException("Cannot tell where srvprov's own executable is, so it cannot be the ACME client's hook.");
        var name = Path.GetFileNameWithoutExtension(process);
        if (string.Equals(name, "dotnet", StringComparison.Ordinal))
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "srvprov.dll");
            return File.Exists(dll)
                ? [process, dll]
                : throw new Core.Errors.ProviderException($"srvprov runs on the dotnet host but {dll} is not there, so it cannot be the ACME client's hook.");
        }

        return [process];
    }

    /// <summary>One shell word: single quotes, with any single quote closed, escaped and reopened.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
