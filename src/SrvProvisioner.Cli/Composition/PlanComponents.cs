using SrvProvisioner.Core.Certificates;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Cli.Composition;

/// <summary>
/// The parts plan and apply use besides the DNS provider: the config-file planner and the
/// extra checks that add findings (one line each).
/// </summary>
internal static class PlanComponents
{
    public static IConfigPlanner? CreateConfigPlanner() => new ConfigPlanner();

    /// <summary>The planner apply uses: reverse proxy edits report their backups, checker runs and reload command through <paramref name="proxyOptions"/>.</summary>
    public static IConfigPlanner CreateConfigPlanner(Core.HomeserverConfig.Proxies.ProxyApplyOptions proxyOptions) => new ConfigPlanner(TimeProvider.System, proxyOptions);

    public static IReadOnlyList<IPlanCheck> CreateChecks(VerifySettings settings) =>
    [
        new LiveWellKnownCheck(settings),
        new CertificateFileCheck(settings.CaFile),
    ];
}
