namespace SrvProvisioner.Core.Dns;

/// <summary>The record types the tool reads or writes.</summary>
public enum RecordType
{
    Srv,
    Cname,
    A,
    Aaaa,
}
