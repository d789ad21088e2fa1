namespace SrvProvisioner.Core.Providers;

/// <summary>
/// Describes a provider (name, options, capabilities) without creating it, so that help and
/// <c>srvprov providers</c> cost nothing, and creates it from the user's settings.
/// </summary>
public interface IDnsProviderFactory
{
    /// <summary>The <c>--provider</c> value, e.g. <c>rfc2136</c>.</summary>
    string Name { get; }

    string Description { get; }

    ProviderCapabilities Capabilities { get; }

    IReadOnlyList<ProviderOption> Options { get; }

    /// <summary>
    /// Creates the provider. Throws <see cref="Errors.InvalidInputException"/> for missing or
    /// malformed settings (missing credentials included) before any network call.
    /// </summary>
    IDnsProvider Create(ProviderSettings settings);
}
