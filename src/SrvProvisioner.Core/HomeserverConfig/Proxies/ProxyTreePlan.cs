using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>
/// What one proxy configuration tree needs: the edited files, the findings, and the tree's
/// identity (<see cref="Tree"/>) so that apply reads and checks the same tree again.
/// </summary>
internal sealed record ProxyTreePlan(ConfigTree Tree, IReadOnlyList<ProxyFileEdit> Edits, IReadOnlyList<Finding> Findings)
{
    /// <summary>The locations that serve <c>/.well-known/matrix/server</c> for the server name (for <c>--check-live</c>).</summary>
    public IReadOnlyList<WellKnownServingLocation> Serving { get; init; } = [];
}
