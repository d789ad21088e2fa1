using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.Route53.Api;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// Builds the one ChangeResourceRecordSets batch for a zone: for each change an exact DELETE
/// of what the plan observed (its TTL and values, as Route 53 spelled them) and a CREATE of
/// what it wants. Never UPSERT: an UPSERT would overwrite a set the plan has not seen.
/// </summary>
internal static class Route53ChangeBatch
{
    /// <summary>Route 53 allows 1,000 ResourceRecord elements in one batch (API reference, "Quotas").</summary>
    public const int MaxRecordsPerBatch = 1000;

    /// <summary>
    /// Route 53 allows 32,000 characters of record values in one batch (API reference, "Quotas",
    /// UPSERT counting twice; this tool sends none). Long TXT values reach it long before the
    /// record count does.
    /// </summary>
    public const int MaxValueCharactersPerBatch = 32_000;

    public static IReadOnlyList<ApiChange> Build(HostedZone zone, IReadOnlyList<RecordSetChange> changes)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(changes);
        var batch = new List<ApiChange>();
        foreach (var change in changes)
        {
            if (!change.Key.Name.IsAtOrBelow(zone.Name))
            {
                throw new ArgumentException($"{change.Key} is not in zone {zone.Name.Fqdn}.", nameof(changes));
            }

            if (change.Key.Type == RecordType.Txt && !change.Key.Name.Value.StartsWith("_acme-challenge.", StringComparison.Ordinal))
            {
                // TXT is written only for ACME DNS-01 (RFC 8555 §8.4), never over a zone's other TXT sets (SPF, DKIM).
                throw new Core.Errors.InvalidInputException($"srvprov writes TXT only at _acme-challenge names, not at {change.Key.Name.Fqdn}; nothing was applied.");
            }

            if (change.Before is { } before)
            {
                batch.Add(new ApiChange(ApiChange.Delete, ToApi(before, Route53RecordSetReader.WireValues(before))));
            }

            if (change.After is { } after)
            {
                batch.Add(new ApiChange(ApiChange.Create, ToApi(after, [.. after.Values.Select(v => Route53RecordText.ToApi(after.Type, v))])));
            }
        }

        if (batch.Sum(c => c.Set.Values.Count) > MaxRecordsPerBatch)
        {
            throw new Core.Errors.InvalidInputException($"The change for zone {zone.Name.Fqdn} has more than {MaxRecordsPerBatch} records, more than one Route 53 batch can hold; use fewer --target values.");
        }

        var characters = batch.Sum(c => c.Set.Values.Sum(v => v.Length));
        if (characters > MaxValueCharactersPerBatch)
        {
            throw new Core.Errors.InvalidInputException($"The change for zone {zone.Name.Fqdn} holds {characters} characters of record values, more than one Route 53 batch can hold ({MaxValueCharactersPerBatch}); nothing was applied. Remove stale values (e.g. old _acme-challenge TXT values) first.");
        }

        return batch;
    }

    private static ApiRecordSet ToApi(RecordSet set, IReadOnlyList<string> values) =>
        new(set.Name.Fqdn, set.Type.ToMnemonic(), set.Ttl, values);
}
