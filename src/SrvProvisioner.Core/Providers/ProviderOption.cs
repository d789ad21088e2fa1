namespace SrvProvisioner.Core.Providers;

/// <summary>
/// A command-line option a provider contributes, e.g. <c>--rfc2136-server</c>. The CLI turns
/// it into a real option and fills <see cref="ProviderSettings"/> from it, falling back to
/// <see cref="EnvironmentVariable"/> when the option is not given.
/// </summary>
public sealed record ProviderOption(string Name, string Description)
{
    /// <summary>The provider cannot work without it (checked after the environment fallback).</summary>
    public bool Required { get; init; }

    /// <summary>An on/off switch with no value.</summary>
    public bool IsFlag { get; init; }

    /// <summary>An environment variable read when the option is absent.</summary>
    public string? EnvironmentVariable { get; init; }

    /// <summary>Never written to a plan file or printed (keys, tokens).</summary>
    public bool IsSecret { get; init; }

    /// <summary>Placeholder in help text, e.g. HOST[:PORT].</summary>
    public string? ValueName { get; init; }
}
