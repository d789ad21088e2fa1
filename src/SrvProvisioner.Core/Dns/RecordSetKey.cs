namespace SrvProvisioner.Core.Dns;

/// <summary>The name and type that identify a record set.</summary>
public sealed record RecordSetKey(DnsName Name, RecordType Type)
{
    public override string ToString() => $"{Name.Fqdn} {Type.ToMnemonic()}";
}
