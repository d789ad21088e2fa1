namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>Stable finding codes of the Cloudflare provider (scripts match on them; never rename one).</summary>
public static class CloudflareFindingCodes
{
    /// <summary>The SRV target's A/AAAA/CNAME is proxied ("orange cloud"): remote servers reach Cloudflare, not the homeserver.</summary>
    public const string ProxiedTarget = "cloudflare-proxied-target";

    /// <summary>As <see cref="ProxiedTarget"/>, on one of the ports Cloudflare's proxy carries: they see Cloudflare's certificate.</summary>
    public const string ProxiedTargetEdgeCertificate = "cloudflare-proxied-target-edge-certificate";

    /// <summary>TTL 1 is Cloudflare's "automatic" TTL.</summary>
    public const string AutomaticTtl = "cloudflare-automatic-ttl";
}
