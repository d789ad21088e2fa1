using SrvProvisioner.Core.HomeserverConfig;

namespace SrvProvisioner.Core.Planning;

/// <summary>Everything <c>plan</c> is asked to look at.</summary>
public sealed record PlanRequest(DelegationRequest Delegation)
{
    public IReadOnlyList<ConfigFileRequest> ConfigFiles { get; init; } = [];

    /// <summary>A PEM file with the certificate (and chain) to be served for the server name.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>Fetch the live <c>/.well-known/matrix/server</c> of the server name.</summary>
    public bool CheckLive { get; init; }
}
