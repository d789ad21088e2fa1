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

    /// <summary>
    /// The servers' set must hold <see cref="Values"/> but may hold others too: an ACME
    /// challenge value waits for itself while other pending challenges at the same name come
    /// and go (RFC 8555 §8.4 allows several TXT records there).
    /// </summary>
    public bool Includes { get; init; }

    /// <summary>Whether a server's answer (canonical values) satisfies this expectation.</summary>
    public bool IsMetBy(IReadOnlyList<string> seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        return Includes
            ? Values.All(v => seen.Contains(v, StringComparer.Ordinal))
            : seen.SequenceEqual(Values, StringComparer.Ordinal);
    }

    public string Describe() => Values.Count == 0
        ? $"no {Type.ToMnemonic()} at {Name.Fqdn}"
        : $"{Name.Fqdn} {Type.ToMnemonic()} {(Includes ? "including " : string.Empty)}{string.Join(", ", Values)}";
}
