using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Cli.Commands;

/// <summary>
/// Path slips named for what they are (a directory where a file is expected, a file in a
/// directory that does not exist) before any work starts, instead of the I/O error they
/// would cause later ("Access to the path is denied", "unexpected DirectoryNotFoundException").
/// </summary>
internal static class OutputPaths
{
    public static void ThrowIfDirectory(string path, string option, string hint)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw new InvalidInputException($"{option} is empty: give {hint}.");
        }

        if (Directory.Exists(path))
        {
            throw new InvalidInputException($"{option} {path} is a directory: give {hint}.");
        }
    }

    /// <summary>An output file: not a directory, and its directory must exist (srvprov creates no directories).</summary>
    public static void ThrowIfNotWritableFile(string path, string option)
    {
        ThrowIfDirectory(path, option, "a file name, e.g. plan.json");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new InvalidInputException($"{option} {path}: the directory {directory} does not exist; create it first (mkdir -p {directory}) or save elsewhere.");
        }
    }
}
