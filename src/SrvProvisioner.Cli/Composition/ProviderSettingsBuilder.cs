using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Composition;

/// <summary>
/// Turns option values into <see cref="ProviderSettings"/>: the environment fills options
/// that were not given, required ones are checked, and secrets are kept out of plan files.
/// </summary>
internal static class ProviderSettingsBuilder
{
    public static ProviderSettings Build(IDnsProviderFactory factory, IReadOnlyDictionary<string, string> given)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in factory.Options)
        {
            var value = given.TryGetValue(spec.Name, out var v) && v.Length > 0 ? v : null;
            if (value is null && spec.EnvironmentVariable is not null)
            {
                value = ProviderCatalog.Dependencies.Environment(spec.EnvironmentVariable);
            }

            if (string.IsNullOrEmpty(value))
            {
                if (spec.Required)
                {
                    var env = spec.EnvironmentVariable is null ? string.Empty : $" (or set {spec.EnvironmentVariable})";
                    throw new InvalidInputException($"Provider '{factory.Name}' needs {spec.Name}{env}.");
                }

                continue;
            }

            values[spec.Name] = value;
        }

        return new ProviderSettings(factory.Name, values);
    }

    /// <summary>The settings a plan file keeps: only what the user typed, never secrets.</summary>
    public static ProviderReference ToReference(IDnsProviderFactory factory, IReadOnlyDictionary<string, string> given) =>
        new(factory.Name, factory.Options
            .Where(o => !o.IsSecret && given.TryGetValue(o.Name, out var v) && v.Length > 0)
            .ToDictionary(o => o.Name, o => AbsolutePathIfFile(o, given[o.Name]), StringComparer.Ordinal));

    /// <summary>
    /// Options that name files are stored as absolute paths, so that <c>apply PLANFILE</c>
    /// works from another directory.
    /// </summary>
    private static string AbsolutePathIfFile(ProviderOption option, string value) =>
        option.ValueName is "PATH" or "FILE" ? Path.GetFullPath(value) : value;
}
