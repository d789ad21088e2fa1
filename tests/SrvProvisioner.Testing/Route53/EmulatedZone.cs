using System.Globalization;

namespace SrvProvisioner.Testing.Route53;

/// <summary>
/// One hosted zone: its record sets in Route 53's listing order (name with labels reversed,
/// compared as text with the trailing dot, then type) and transactional change batches.
/// </summary>
public sealed class EmulatedZone
{
    private readonly Dictionary<(string Name, string Type), EmulatedRecordSet> _sets = [];

    // The listing order, built on first read after a change: benchmarks list zones of 50,000
    // sets thousands of times, so each page must cost a binary search, not a sort.
    private (string Key, EmulatedRecordSet Set)[]? _sorted;

    internal EmulatedZone(string id, string name, bool isPrivate)
    {
        Id = id;
        Name = name;
        IsPrivate = isPrivate;
    }

    public string Id { get; }

    /// <summary>Lower case with trailing dot.</summary>
    public string Name { get; }

    public bool IsPrivate { get; }

    public IReadOnlyList<EmulatedRecordSet> Sets => [.. Sorted().Select(e => e.Set)];

    public int SetCount => _sets.Count;

    private static readonly string[] KnownTypes = ["A", "AAAA", "CAA", "CNAME", "DS", "HTTPS", "MX", "NAPTR", "NS", "PTR", "SOA", "SPF", "SRV", "SSHFP", "SVCB", "TLSA", "TXT"];

    public static string SortKey(string fqdn)
    {
        var labels = fqdn.TrimEnd('.').Split('.');
        Array.Reverse(labels);
        return string.Join('.', labels) + ".";
    }

    public static string NormaliseName(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        return n.EndsWith('.') ? n : n + ".";
    }

    internal EmulatedRecordSet? Find(string name, string type) => _sets.GetValueOrDefault((NormaliseName(name), type));

    internal void Put(EmulatedRecordSet set)
    {
        _sets[(set.Name, set.Type)] = set;
        _sorted = null;
    }

    internal bool Remove(string name, string type)
    {
        _sorted = null;
        return _sets.Remove((NormaliseName(name), type));
    }

    /// <summary>
    /// Up to <paramref name="count"/> sets in listing order from the first one at or after
    /// (<paramref name="startKey"/>, <paramref name="startType"/>), and the set after them if any.
    /// </summary>
    internal (IReadOnlyList<EmulatedRecordSet> Page, EmulatedRecordSet? Next) Page(string? startKey, string? startType, int count)
    {
        var sorted = Sorted();
        int lo = 0;
        if (startKey is not null)
        {
            int hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                var c = string.CompareOrdinal(sorted[mid].Key, startKey);
                if (c == 0 && startType is not null)
                {
                    c = string.CompareOrdinal(sorted[mid].Set.Type, startType);
                }

                if (c < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
        }

        var page = sorted.Skip(lo).Take(count).Select(e => e.Set).ToList();
        return (page, lo + count < sorted.Length ? sorted[lo + count].Set : null);
    }

    private (string Key, EmulatedRecordSet Set)[] Sorted()
    {
        if (_sorted is null)
        {
            var entries = _sets.Values.Select(s => (Key: SortKey(s.Name), Set: s)).ToArray();
            Array.Sort(entries, (a, b) =>
            {
                var c = string.CompareOrdinal(a.Key, b.Key);
                return c != 0 ? c : string.CompareOrdinal(a.Set.Type, b.Set.Type);
            });
            _sorted = entries;
        }

        return _sorted;
    }

    /// <summary>
    /// Applies a batch all or nothing, checking each change against the state the earlier
    /// changes of the same batch left, as Route 53 does. Returns the problems; when there are
    /// any, nothing changed.
    /// </summary>
    internal IReadOnlyList<string> Apply(IReadOnlyList<(string Action, EmulatedRecordSet Set)> changes)
    {
        var work = new Dictionary<(string, string), EmulatedRecordSet>(_sets);
        var problems = new List<string>();
        foreach (var (action, set) in changes)
        {
            var id = $"[name='{set.Name}', type='{set.Type}']";
            if (!set.Name.Equals(Name, StringComparison.Ordinal) && !set.Name.EndsWith("." + Name, StringComparison.Ordinal))
            {
                problems.Add($"RRSet with DNS name {set.Name} is not permitted in zone {Name}");
                continue;
            }

            var problem = ValidateValues(set);
            if (problem is not null)
            {
                problems.Add(problem);
                continue;
            }

            work.TryGetValue((set.Name, set.Type), out var existing);
            switch (action)
            {
                case "CREATE" when existing is not null:
                    problems.Add($"Tried to create resource record set {id} but it already exists");
                    break;
                case "CREATE" or "UPSERT":
                    var conflict = ConflictingSet(work, set);
                    if (conflict is not null)
                    {
                        problems.Add($"RRSet of type {set.Type} with DNS name {set.Name} is not permitted because a conflicting RRSet of type {conflict.Type} with the same DNS name already exists in zone {Name}");
                        break;
                    }

                    work[(set.Name, set.Type)] = set;
                    break;
                case "DELETE" when existing is null:
                    problems.Add($"Tried to delete resource record set {id} but it was not found");
                    break;
                case "DELETE" when !existing.MatchesExactly(set):
                    problems.Add($"Tried to delete resource record set {id} but the values provided do not match the current values");
                    break;
                case "DELETE":
                    work.Remove((set.Name, set.Type));
                    break;
                default:
                    problems.Add($"Invalid action {action}");
                    break;
            }
        }

        if (problems.Count == 0)
        {
            _sorted = null;
            _sets.Clear();
            foreach (var (k, v) in work)
            {
                _sets[k] = v;
            }
        }

        return problems;
    }

    /// <summary>A CNAME beside any other set at its name (RFC 1034 §3.6.2), looked up by key, not by scanning the zone.</summary>
    private static EmulatedRecordSet? ConflictingSet(Dictionary<(string, string), EmulatedRecordSet> work, EmulatedRecordSet set)
    {
        if (set.Type != "CNAME")
        {
            return work.GetValueOrDefault((set.Name, "CNAME"));
        }

        return KnownTypes.Where(t => t != "CNAME").Select(t => work.GetValueOrDefault((set.Name, t))).FirstOrDefault(s => s is not null);
    }

    /// <summary>Route 53 rejects malformed data with "Invalid Resource Record: FATAL problem: ...".</summary>
    private static string? ValidateValues(EmulatedRecordSet set)
    {
        if (set.Values.Count == 0)
        {
            return $"Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=?, Name={set.Name}, Type={set.Type}, SetIdentifier=null]";
        }

        foreach (var v in set.Values)
        {
            if (set.Type == "TXT")
            {
                if (Route53TxtRdata.Problem(v) is { } txtProblem)
                {
                    return txtProblem;
                }

                continue;
            }

            var fields = v.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ok = set.Type switch
            {
                "SRV" => fields.Length == 4 && fields[..3].All(f => ushort.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out _)),
                "CNAME" => fields.Length == 1,
                "A" => System.Net.IPAddress.TryParse(v, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork,
                "AAAA" => System.Net.IPAddress.TryParse(v, out var a6) && a6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
                _ => true,
            };
            if (!ok)
            {
                return $"Invalid Resource Record: 'FATAL problem: {set.Type} record data is invalid (Value is not valid for {set.Type}) encountered with '{v}''";
            }
        }

        return null;
    }
}
