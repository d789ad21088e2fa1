namespace SrvProvisioner.Core.Dns;

/// <summary>The record types the tool reads or writes.</summary>
public enum RecordType
{
    Srv,
    Cname,
    A,
    Aaaa,

    /// <summary>
    /// Written only at <c>_acme-challenge</c> names, for ACME DNS-01 validation (RFC 8555 §8.4);
    /// values in the canonical form <see cref="TxtRecordText"/> defines.
    /// </summary>
    Txt,
}
