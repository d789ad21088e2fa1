using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.Cloudflare.Api;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// Turns a zone's changes into batch requests: for each change, deletes of exactly the record
/// ids the plan saw and posts of the wanted SRV (or <c>_acme-challenge</c> TXT) records; never a patch or put, which would
/// change a record the plan has not seen. One batch when the operations fit the plan's limit
/// (200 on Cloudflare's free plan); otherwise as few parts as fit, each server name's changes
/// kept in one part so no domain is ever left half-written by a split.
/// </summary>
internal static class CloudflareBatchBuilder
{
    public const string Comment = "srvprov";

    public static IReadOnlyList<CloudflareBatchPart> Build(HostedZone zone, IReadOnlyList<RecordSetChange> changes, int limit)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(changes);
        var groups = changes
            .GroupBy(c => ServerNameOf(c.Key.Name))
            .Select(g => g.ToList())
            .ToList();
        var parts = new List<CloudflareBatchPart>();
        var current = new List<RecordSetChange>();
        var currentOps = 0;
        foreach (var group in groups)
        {
            var ops = group.Sum(Operations);
            if (ops > limit)
            {
                throw new InvalidInputException($"The change at {ServerNameOf(group[0].Key.Name).Fqdn} needs {ops} record operations, more than one Cloudflare batch may hold ({limit}, --cloudflare-batch-limit); use fewer --target values.");
            }

            if (currentOps + ops > limit)
            {
                parts.Add(ToPart(zone, current));
                current = [];
                currentOps = 0;
            }

            current.AddRange(group);
            currentOps += ops;
        }

        if (current.Count > 0)
        {
            parts.Add(ToPart(zone, current));
        }

        return parts;
    }

    private static int Operations(RecordSetChange change) =>
        (change.Before is { } b ? DeleteIds(b).Count : 0) + (change.After?.Values.Count ?? 0);

    private static CloudflareBatchPart ToPart(HostedZone zone, List<RecordSetChange> changes)
    {
        var deletes = new List<ApiRecordRef>();
        var posts = new List<ApiNewRecord>();
        foreach (var change in changes)
        {
            if (!change.Key.Name.IsAtOrBelow(zone.Name) || change.Key.Type is not (RecordType.Srv or RecordType.Txt))
            {
                throw new ArgumentException($"{change.Key} is not an SRV or TXT set in zone {zone.Name.Fqdn}.", nameof(changes));
            }

            if (change.Key.Type == RecordType.Txt && !IsChallengeName(change.Key.Name))
            {
                // TXT is written only for ACME DNS-01 (RFC 8555 §8.4), never over a zone's other TXT sets (SPF, DKIM).
                throw new InvalidInputException($"srvprov writes TXT only at _acme-challenge names, not at {change.Key.Name.Fqdn}; nothing was applied.");
            }

            if (change.Before is { } before)
            {
                deletes.AddRange(DeleteIds(before).Select(id => new ApiRecordRef(id)));
            }

            if (change.After is { Type: RecordType.Txt } txt)
            {
                posts.AddRange(txt.Values.Select(v => new ApiNewRecord
                {
                    Type = "TXT",
                    Name = txt.Name.Value,
                    Ttl = txt.Ttl,
                    Content = CloudflareTxtText.ToContent(v),
                    Comment = Comment,
                }));
            }
            else if (change.After is { } after)
            {
                posts.AddRange(after.SrvRecords().Select(r => new ApiNewRecord
                {
                    Type = "SRV",
                    Name = after.Name.Value,
                    Ttl = after.Ttl,
                    Data = new ApiSrvData { Priority = r.Priority, Weight = r.Weight, Port = r.Port, Target = r.Target.Value },
                    Comment = Comment,
                }));
            }
        }

        return new CloudflareBatchPart(changes, new ApiBatchRequest { Deletes = deletes, Posts = posts });
    }

    private static IReadOnlyList<string> DeleteIds(RecordSet before) =>
        CloudflareRecordIds.Split(before.Version)
        ?? throw new StalePlanException($"The plan does not record which Cloudflare records {before.Name.Fqdn} SRV had (their ids); nothing was applied. Run plan again.");

    /// <summary>
    /// <c>_matrix-fed._tcp.example.com</c> and <c>_acme-challenge.example.com</c> → <c>example.com</c>:
    /// the changes of one domain stay together.
    /// </summary>
    private static DnsName ServerNameOf(DnsName name) =>
        IsChallengeName(name) ? name.Parent! : name.Parent?.Parent ?? name;

    internal static bool IsChallengeName(DnsName name) => name.Value.StartsWith("_acme-challenge.", StringComparison.Ordinal);
}
