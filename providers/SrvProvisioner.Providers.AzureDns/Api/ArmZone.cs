using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>A DNS zone resource as ARM lists it: its name, resource ID and resource group.</summary>
internal sealed record ArmZone(DnsName Name, string Id, string ResourceGroup)
{
    /// <summary>Legacy <c>zoneType: Private</c> zones (Private DNS zones are another resource type).</summary>
    public bool IsPrivate { get; init; }
}
