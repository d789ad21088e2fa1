using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;
using SrvProvisioner.Core.Hosting;

namespace SrvProvisioner.Core.Fleet;

/// <summary>
/// An option value in a fleet file: written out, or a reference to an environment variable
/// (<c>{ env: NAME }</c>) or a file (<c>{ file: PATH }</c>) so that secrets never sit in the
/// fleet file itself. References are resolved when the run starts.
/// </summary>
public sealed record FleetValue(string? Literal, string? EnvironmentVariable, string? FilePath, string Location)
{
    /// <summary>The value, reading <c>{ env: NAME }</c> through <paramref name="environment"/> (the composition root's reader).</summary>
    public string Resolve(EnvironmentReader environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (Literal is not null)
        {
            return Literal;
        }

        if (EnvironmentVariable is not null)
        {
            return environment.GetNonEmpty(EnvironmentVariable) is { } v
                ? v
                : throw new InvalidInputException($"{Location}: environment variable {EnvironmentVariable} is not set.");
        }

        try
        {
            return InputFile.ReadAllText(FilePath!, InputKind.SecretFile).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{Location}: cannot read {FilePath}: {ex.Message}", ex);
        }
    }
}
