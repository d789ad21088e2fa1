namespace SrvProvisioner.Core.Fleet;

/// <summary>A parsed fleet file: provider accounts and the domains to delegate through them.</summary>
public sealed record FleetFile(string Path, IReadOnlyList<FleetProviderBlock> Providers, IReadOnlyList<FleetDomain> Domains);
