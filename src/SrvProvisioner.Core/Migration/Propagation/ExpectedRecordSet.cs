using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Migration.Propagation;

/// <summary>
/// An RRset every authoritative server must answer: <see cref="Values"/> in canonical
/// presentation form (as <see cref="RecordSet"/> holds them); empty means "must not exist".
/// Any record type: the wait compares data, not meaning.
/// </summary>
public sealed record ExpectedRecordSet(DnsName Name, RecordType Type, IReadOnlyList<string> Values)
{
    public static ExpectedRecordSet From(RecordSetKey key, RecordSet? after)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Name, key.Type, after?.Values ?? []);
    }

    public string Describe() => Values.Count == 0
        ? $"no {Type.ToMnemonic()} at {Name.Fqdn}"
        : $"{Name.Fqdn} {Type.ToMnemonic()} {string.Join(", ", Values)}";
}
