using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Planning;

/// <summary>What the user wants published: the SRV records for a server name.</summary>
public sealed record DelegationRequest
{
    public const uint DefaultTtl = 3600;

    /// <summary>RFC 2181 §8: a TTL is an unsigned 31-bit value.</summary>
    public const uint MaxTtl = int.MaxValue;

    public DelegationRequest(DnsName serverName, IReadOnlyList<SrvRecord> records, uint ttl = DefaultTtl, MatrixServices services = MatrixServices.Both)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new InvalidInputException("Give at least one --target, e.g. --target matrix.example.com:8448.");
        }

        if (ttl > MaxTtl)
        {
            throw new InvalidInputException($"--ttl {ttl} is out of range: 0 to {MaxTtl} seconds (RFC 2181 §8).");
        }

        var duplicate = records.GroupBy(r => (r.Target, r.Port)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidInputException($"--target {duplicate.Key.Target.Value}:{duplicate.Key.Port} is given twice.");
        }

        if (records.Any(r => r.Target.IsRoot))
        {
            throw new InvalidInputException("A target of '.' means 'no service' (RFC 2782); give the host that runs the homeserver.");
        }

        ServerName = serverName;
        Records = [.. records.Order()];
        Ttl = ttl;
        Services = services;
    }

    public DnsName ServerName { get; }

    public IReadOnlyList<SrvRecord> Records { get; }

    public uint Ttl { get; }

    public MatrixServices Services { get; }

    public IReadOnlyList<DnsName> SrvNames => MatrixSrvNames.For(ServerName, Services);

    public RecordSet DesiredAt(DnsName name) => RecordSet.Srv(name, Ttl, Records);

    public bool Equals(DelegationRequest? other) =>
        other is not null && ServerName == other.ServerName && Ttl == other.Ttl && Services == other.Services && Records.SequenceEqual(other.Records);

    public override int GetHashCode() => HashCode.Combine(ServerName, Ttl, Services, Records.Count);
}
