namespace SrvProvisioner.Core.Providers;

/// <summary>
/// Describes a provider (name, options, capabilities) without creating it, so that help and
/// <c>srvprov providers</c> cost nothing, and creates it from the user's settings. A new
/// provider is one factory plus one <see cref="IDnsProvider"/>, added to the CLI's
/// <c>Composition/ProviderCatalog</c>; the CLI turns <see cref="Options"/> into command-line
/// options, reads their environment fallbacks and records the non-secret ones in plan files.
/// Keep the constructor free of work: a factory is created on every run.
/// </summary>
public interface IDnsProviderFactory
{
    /// <summary>The <c>--provider</c> value, lower case, e.g. <c>rfc2136</c>; also the key in plan and fleet files.</summary>
    string Name { get; }

    /// <summary>One line for <c>srvprov providers</c>: which service or server, how it authenticates.</summary>
    string Description { get; }

    /// <summary>
    /// What its <see cref="IDnsProvider"/> guarantees (the one place they are declared): plan
    /// reads DNS first for <see cref="ProviderCapabilities.MeteredReads"/>, and
    /// <c>srvprov providers</c> lists them. Claim only what <see cref="IDnsProvider.ApplyAsync"/>
    /// keeps.
    /// </summary>
    ProviderCapabilities Capabilities { get; }

    /// <summary>
    /// Its command-line options, each named <c>--NAME-...</c> after the provider; secrets
    /// (<see cref="ProviderOption.IsSecret"/>) are never written to a plan file or printed.
    /// </summary>
    IReadOnlyList<ProviderOption> Options { get; }

    /// <summary>
    /// Creates the provider from <paramref name="settings"/> (the options given, environment
    /// fallbacks filled in). Throws <see cref="Errors.InvalidInputException"/> for missing or
    /// malformed settings (missing credentials included) before any network call; the
    /// provider connects lazily on its first call.
    /// </summary>
    IDnsProvider Create(ProviderSettings settings);

    /// <summary>
    /// A TTL as people should read it in a plan: the number of seconds, unless the provider's
    /// API gives a value its own meaning (Cloudflare's 1 is "automatic").
    /// </summary>
    string DescribeTtl(uint ttl) => ttl.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
