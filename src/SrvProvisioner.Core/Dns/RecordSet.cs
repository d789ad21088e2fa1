namespace SrvProvisioner.Core.Dns;

/// <summary>
/// All records of one name and type (an RRset, RFC 2181 §5) with their shared TTL.
/// <see cref="Values"/> hold each record's data in canonical presentation form (SRV:
/// <c>10 0 8448 matrix.example.com.</c>, CNAME: <c>target.</c>, A/AAAA: the address, TXT: the
/// quoted character-strings of <see cref="TxtRecordText"/>, case kept),
/// sorted, so that two sets with the same data compare equal.
/// </summary>
public sealed record RecordSet
{
    public RecordSet(DnsName name, RecordType type, uint ttl, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Name = name;
        Type = type;
        Ttl = ttl;
        Values = [.. values.Select(v => Canonicalise(type, v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public DnsName Name { get; }

    public RecordType Type { get; }

    public uint Ttl { get; }

    public IReadOnlyList<string> Values { get; }

    /// <summary>
    /// The provider's concurrency token for this set as it was read (Azure ETag), or null
    /// where the provider compares by data (Route 53, RFC 2136, zone file).
    /// </summary>
    public string? Version { get; init; }

    /// <summary>
    /// The provider answers queries for this set with addresses of its own proxy, not with
    /// <see cref="Values"/> (Cloudflare's "proxied" A/AAAA/CNAME records). Not DNS data: it
    /// takes no part in comparisons.
    /// </summary>
    public bool Proxied { get; init; }

    public RecordSetKey Key => new(Name, Type);

    public static RecordSet Srv(DnsName name, uint ttl, IEnumerable<SrvRecord> records) =>
        new(name, RecordType.Srv, ttl, records.Select(r => r.ToString()));

    public IReadOnlyList<SrvRecord> SrvRecords() =>
        Type == RecordType.Srv ? [.. Values.Select(SrvRecord.Parse)] : [];

    /// <summary>Same records (ignoring TTL and version).</summary>
    public bool HasSameData(RecordSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Type == other.Type && Values.SequenceEqual(other.Values, StringComparer.Ordinal);
    }

    /// <summary>Same records and TTL: what a conditional write compares.</summary>
    public bool Matches(RecordSet other) => HasSameData(other) && Ttl == other.Ttl;

    public bool Equals(RecordSet? other) =>
        other is not null && Name == other.Name && Matches(other) && Version == other.Version;

    public override int GetHashCode() => HashCode.Combine(Name, Type, Ttl, Values.Count);

    private static string Canonicalise(RecordType type, string value) => type switch
    {
        RecordType.Srv => SrvRecord.Parse(value).ToString(),
        RecordType.Cname => DnsName.Parse(value).Fqdn,
        RecordType.Txt => TxtRecordText.Canonicalise(value),
        _ => value.Trim().ToLowerInvariant(),
    };
}
