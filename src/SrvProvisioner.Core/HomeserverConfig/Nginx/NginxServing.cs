namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>How a server block answers a URI: what answers (<see cref="What"/>), the directive that decides it, and the location it was matched to.</summary>
internal sealed record NginxServing(NginxServingKind Kind, string What, NginxNode? Source)
{
    public NginxMatch? Match { get; init; }
}
