namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>A page of ListHostedZonesByName, ordered by name with labels reversed.</summary>
internal sealed record HostedZonePage(IReadOnlyList<ApiHostedZone> Zones, bool IsTruncated, string? NextDnsName, string? NextHostedZoneId);
