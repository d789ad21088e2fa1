namespace SrvProvisioner.Core.Dns;

public static class RecordTypeNames
{
    /// <summary>The mnemonic as DNS presentation format writes it ("SRV", "AAAA").</summary>
    public static string ToMnemonic(this RecordType type) => type switch
    {
        RecordType.Srv => "SRV",
        RecordType.Cname => "CNAME",
        RecordType.A => "A",
        RecordType.Aaaa => "AAAA",
        RecordType.Txt => "TXT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static RecordType Parse(string mnemonic) => mnemonic.ToUpperInvariant() switch
    {
        "SRV" => RecordType.Srv,
        "CNAME" => RecordType.Cname,
        "A" => RecordType.A,
        "AAAA" => RecordType.Aaaa,
        "TXT" => RecordType.Txt,
        _ => throw new Errors.InvalidInputException($"Unknown record type '{mnemonic}': expected SRV, CNAME, A, AAAA or TXT."),
    };
}
