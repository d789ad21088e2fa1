using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// Findings that only the zone's own data shows. Cloudflare's proxy ("orange cloud",
/// <c>proxied: true</c>) answers for a name with Cloudflare's addresses, carries HTTPS only on
/// ports 443, 2053, 2083, 2087, 2096 and 8443, and presents Cloudflare's edge certificate
/// (Cloudflare docs, "Network ports" and "Proxy status"). An SRV target behind it is therefore
/// unreachable on any other port (8448, the Matrix default), and on those ports remote
/// homeservers see Cloudflare's certificate instead of the homeserver's. DNS lookups cannot tell:
/// they return working addresses either way.
/// </summary>
internal static class ProxiedTargetReview
{
    public static readonly IReadOnlyList<int> ProxiedHttpsPorts = [443, 2053, 2083, 2087, 2096, 8443];

    public static IReadOnlyList<Finding> Review(DelegationRequest request, HostedZone zone, IReadOnlyList<RecordSet> read, bool allowProxiedTarget)
    {
        var findings = new List<Finding>();
        foreach (var target in request.Records.GroupBy(r => r.Target))
        {
            var proxied = read.Where(s => s.Name == target.Key && s.Proxied && s.Type is RecordType.A or RecordType.Aaaa or RecordType.Cname).ToList();
            if (proxied.Count == 0)
            {
                continue;
            }

            var types = string.Join("/", proxied.Select(s => s.Type.ToMnemonic()).Distinct());
            var allowed = allowProxiedTarget ? " Applying anyway: --allow-proxied-target." : " srvprov will not apply this (--allow-proxied-target overrides).";
            var closed = target.Select(r => (int)r.Port).Where(p => !ProxiedHttpsPorts.Contains(p)).Distinct().Order().ToList();
            if (closed.Count > 0)
            {
                findings.Add(new Finding(
                    Severity.Error,
                    CloudflareFindingCodes.ProxiedTarget,
                    $"SRV target {target.Key.Fqdn} is proxied by Cloudflare (its {types} record in zone {zone.Name.Fqdn} has the orange cloud): Cloudflare's proxy carries HTTPS only on ports {string.Join(", ", ProxiedHttpsPorts)}, so remote homeservers cannot reach port {string.Join(", ", closed)} through it, and on its ports they would see Cloudflare's certificate, not the homeserver's. Set the record to \"DNS only\" (grey cloud), then plan again.{allowed}")
                {
                    BlocksApply = !allowProxiedTarget,
                });
            }

            var open = target.Select(r => (int)r.Port).Where(p => ProxiedHttpsPorts.Contains(p)).Distinct().Order().ToList();
            if (open.Count > 0)
            {
                findings.Add(new Finding(
                    Severity.Warning,
                    CloudflareFindingCodes.ProxiedTargetEdgeCertificate,
                    $"SRV target {target.Key.Fqdn} is proxied by Cloudflare (its {types} record has the orange cloud): on port {string.Join(", ", open)} remote homeservers reach Cloudflare's edge and see Cloudflare's certificate, not the homeserver's, and depend on Cloudflare passing federation traffic through. Set the record to \"DNS only\" (grey cloud) unless that is intended."));
            }
        }

        if (request.Ttl == 1)
        {
            findings.Add(new Finding(
                Severity.Info,
                CloudflareFindingCodes.AutomaticTtl,
                "TTL 1 means \"automatic\" in Cloudflare: Cloudflare chooses the TTL itself."));
        }

        return findings;
    }
}
