namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>One entry of ListHostedZonesByName: <paramref name="Id"/> without the <c>/hostedzone/</c> prefix, name normalised.</summary>
internal sealed record ApiHostedZone(string Id, string Name, bool IsPrivate);
