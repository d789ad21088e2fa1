using System.Collections.Concurrent;
using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// The SRV targets' own record sets (A, AAAA, CNAME) read once per provider instance, that is
/// once per run. A plan reads them only to report on the target (alias, no address); srvprov
/// never writes them, so a fleet of thousands of names pointing at a few homeserver hosts
/// reads each host once instead of once per domain, and concurrent plans of the same target
/// share one request. A failed read is forgotten so the next plan asks again.
/// </summary>
internal sealed class Route53TargetCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<RecordSet>>>> _reads = new(StringComparer.Ordinal);

    /// <summary>
    /// True for a group of names whose wanted types are only the target's own kinds. Never for
    /// SRV or TXT: those are the sets srvprov writes (TXT at <c>_acme-challenge</c> names, where
    /// several challenges may be pending), so each read must see the zone as it is now.
    /// </summary>
    public static bool Holds(IEnumerable<RecordType> types) => types.All(t => t is RecordType.A or RecordType.Aaaa or RecordType.Cname);

    public async Task<IReadOnlyList<RecordSet>> GetAsync(string key, Func<Task<IReadOnlyList<RecordSet>>> read)
    {
        var entry = _reads.GetOrAdd(key, _ => new Lazy<Task<IReadOnlyList<RecordSet>>>(read));
        try
        {
            return await entry.Value;
        }
        catch
        {
            _reads.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<RecordSet>>>>(key, entry));
            throw;
        }
    }
}
