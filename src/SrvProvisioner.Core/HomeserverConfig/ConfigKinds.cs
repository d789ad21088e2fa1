using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>The <c>--config-kind</c> names of <see cref="ConfigKind"/>.</summary>
public static class ConfigKinds
{
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<ConfigKind>().Select(Name)];

    public static string Name(this ConfigKind kind) => kind.ToString().ToLowerInvariant();

    public static ConfigKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var kind in Enum.GetValues<ConfigKind>())
        {
            if (string.Equals(kind.Name(), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new InvalidInputException($"--config-kind '{name}' is not known; use one of {string.Join(", ", Names)}.");
    }

    /// <summary>The conduwuit family: <c>[global.well_known] server</c> is served only while set.</summary>
    public static bool IsConduwuitFamily(this ConfigKind kind) => kind is ConfigKind.Conduwuit or ConfigKind.Tuwunel or ConfigKind.Continuwuity;
}
