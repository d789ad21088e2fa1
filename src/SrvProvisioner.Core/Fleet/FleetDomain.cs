using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Fleet;

/// <summary>One domain of a fleet: what to publish, through which provider block, what else to check.</summary>
public sealed record FleetDomain(DelegationRequest Delegation, string Provider, string Location)
{
    public IReadOnlyList<ConfigFileRequest> ConfigFiles { get; init; } = [];

    /// <summary>Where verify must find delegation landing (host:port); by default the first target.</summary>
    public string? ExpectTarget { get; init; }
}
