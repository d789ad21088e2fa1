using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Hosting;

namespace SrvProvisioner.Cli.Composition;

/// <summary>
/// The composition root's list of providers, one line each. Factories are cheap: a provider's
/// SDK types load only when <see cref="IDnsProviderFactory.Create"/> runs.
/// </summary>
internal static class ProviderCatalog
{
    /// <summary>The process environment: the one reader every command and provider gets its variables from.</summary>
    public static EnvironmentReader ProcessEnvironment { get; } = EnvironmentReader.Process;

    /// <summary>What every provider takes from the process: its environment, the platform's transports, the system clock.</summary>
    public static ProviderDependencies Dependencies { get; } = ProviderDependencies.Default with { Environment = ProcessEnvironment.Get };

    public static IReadOnlyList<IDnsProviderFactory> All { get; } =
    [
        new Providers.ZoneFile.ZoneFileProviderFactory(),
        new Providers.Rfc2136.Rfc2136ProviderFactory(Dependencies),
        new Providers.Route53.Route53ProviderFactory(Dependencies),
        new Providers.AzureDns.AzureDnsProviderFactory(Dependencies),
        new Providers.Cloudflare.CloudflareProviderFactory(Dependencies),
        new Providers.Webhook.WebhookProviderFactory(Dependencies),
    ];

    public const string DefaultProvider = "zonefile";

    /// <summary>The zone is a local file: no name server is known to serve it, so apply checks propagation only when the zone's name servers answer.</summary>
    public static bool IsLocalFile(IDnsProviderFactory factory) =>
        string.Equals(factory?.Name, DefaultProvider, StringComparison.Ordinal);

    public static IDnsProviderFactory Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException($"Unknown provider '{name}'. Providers: {string.Join(", ", All.Select(f => f.Name))} (srvprov providers lists their options).");
}
