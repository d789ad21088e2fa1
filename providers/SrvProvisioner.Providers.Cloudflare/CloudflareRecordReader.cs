using System.Collections.Concurrent;
using System.Globalization;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.Cloudflare.Api;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// Reads the sets at a few names with one <c>GET dns_records?name=</c> per name (with
/// <c>&amp;type=</c> when one type is wanted), every page, so a plan costs the same requests in
/// a zone of ten records as in one of fifty thousand. Records become <see cref="RecordSet"/>s
/// with their ids in <see cref="RecordSet.Version"/> and the proxy flag in
/// <see cref="RecordSet.Proxied"/>. An SRV target's own sets are read once per run (a fleet of
/// domains pointing at one homeserver host reads the host once); a failed read is forgotten.
/// The ids last read at each set are remembered: a write may delete only those
/// (<see cref="ReadIds"/>), so an edited plan file cannot name other records.
/// </summary>
internal sealed class CloudflareRecordReader
{
    private readonly CloudflareApiClient _api;
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ApiDnsRecord>>>> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _readIds = new(StringComparer.Ordinal);

    public CloudflareRecordReader(CloudflareApiClient api)
    {
        _api = api;
    }

    public async Task<IReadOnlyList<RecordSet>> ReadAsync(HostedZone zone, IReadOnlyList<RecordSetKey> keys, CancellationToken cancellationToken)
    {
        var byName = keys.Distinct().GroupBy(k => k.Name).ToList();
        var reads = byName.Select(async g =>
        {
            var types = g.Select(k => k.Type).ToHashSet();
            var records = types.All(t => t is RecordType.A or RecordType.Aaaa or RecordType.Cname) && !types.Contains(RecordType.Srv)
                ? await TargetRecordsAsync(zone, g.Key, cancellationToken)
                : await _api.ListRecordsAsync(zone.Id, g.Key.Value, types.Count == 1 ? types.Single().ToMnemonic() : null, cancellationToken);
            var sets = ToSets(g.Key, types, records);
            foreach (var type in types.Where(t => t is RecordType.Srv or RecordType.Txt))
            {
                _readIds[IdKey(zone, new RecordSetKey(g.Key, type))] = sets.FirstOrDefault(s => s.Type == type)?.Version ?? string.Empty;
            }

            return sets;
        });
        return [.. (await Task.WhenAll(reads)).SelectMany(s => s)];
    }

    /// <summary>The ids this provider last read at an SRV or TXT set ("" when it read the set as absent), or null when it never read it.</summary>
    public string? ReadIds(HostedZone zone, RecordSetKey key) => _readIds.TryGetValue(IdKey(zone, key), out var ids) ? ids : null;

    private static string IdKey(HostedZone zone, RecordSetKey key) => $"{zone.Id}|{key.Name.Value}|{key.Type.ToMnemonic()}";

    private async Task<IReadOnlyList<ApiDnsRecord>> TargetRecordsAsync(HostedZone zone, DnsName name, CancellationToken cancellationToken)
    {
        var key = $"{zone.Id}|{name.Value}";

        // Shared by concurrent plans, so not tied to one caller's cancellation.
        var entry = _targets.GetOrAdd(key, _ => new Lazy<Task<IReadOnlyList<ApiDnsRecord>>>(() => _api.ListRecordsAsync(zone.Id, name.Value, null, CancellationToken.None)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch
        {
            _targets.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<ApiDnsRecord>>>>(key, entry));
            throw;
        }
    }

    private static List<RecordSet> ToSets(DnsName name, HashSet<RecordType> types, IReadOnlyList<ApiDnsRecord> records)
    {
        var sets = new List<RecordSet>();
        foreach (var type in types)
        {
            var mnemonic = type.ToMnemonic();

            // The filter asked for exactly this name; a record of another name is not trusted.
            var matching = records.Where(r => string.Equals(r.Type, mnemonic, StringComparison.OrdinalIgnoreCase) && SameName(r.Name, name)).ToList();
            if (matching.Count == 0)
            {
                continue;
            }

            try
            {
                var ttl = (uint)Math.Clamp(matching.Min(r => r.Ttl), 0, uint.MaxValue);
                sets.Add(new RecordSet(name, type, ttl, matching.Select(r => Value(type, r)))
                {
                    Version = CloudflareRecordIds.Join(matching.Select(r => r.Id)),

                    // Cloudflare proxies only A, AAAA and CNAME; a proxied flag on anything else is not trusted.
                    Proxied = type is RecordType.A or RecordType.Aaaa or RecordType.Cname && matching.Any(r => r.Proxied == true),
                });
            }
            catch (Exception ex) when (ex is InvalidInputException or FormatException)
            {
                throw new ProviderException($"Cloudflare holds {mnemonic} data at {name.Fqdn} that srvprov cannot read ({ex.Message}); fix it in the dashboard, then plan again.", ex);
            }
        }

        return sets;
    }

    private static bool SameName(string apiName, DnsName name) =>
        DnsName.TryParse(apiName, out var parsed) && parsed == name;

    private static string Value(RecordType type, ApiDnsRecord record)
    {
        if (record.Ttl < 1 || !CloudflareRecordIds.IsId(record.Id))
        {
            throw new FormatException($"record '{record.Id}' has TTL {record.Ttl} or an id that is not Cloudflare's");
        }

        if (type == RecordType.Txt)
        {
            return CloudflareTxtText.ToCanonical(record.Content ?? throw new FormatException("a TXT record without content"));
        }

        if (type != RecordType.Srv)
        {
            return record.Content ?? throw new FormatException("a record without content");
        }

        var d = record.Data ?? throw new FormatException("an SRV record without data");
        return string.Create(CultureInfo.InvariantCulture, $"{d.Priority} {d.Weight} {d.Port} {DnsName.Parse(d.Target).Fqdn}");
    }
}
