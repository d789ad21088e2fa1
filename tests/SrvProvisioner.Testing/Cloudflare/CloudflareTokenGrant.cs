namespace SrvProvisioner.Testing.Cloudflare;

/// <summary>
/// What an API token may do, as the dashboard's permission groups say: Zone → Zone → Read (see
/// the zone; without it a zone list is empty and the zone answers 403), Zone → DNS → Read, and
/// Zone → DNS → Edit (which includes Read).
/// </summary>
public sealed record CloudflareTokenGrant(bool ZoneRead, bool DnsRead, bool DnsEdit)
{
    public static CloudflareTokenGrant Full { get; } = new(true, true, true);
}
