using System.Globalization;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Dns;

/// <summary>
/// One SRV record's data (RFC 2782): priority, weight and port are 16-bit unsigned values;
/// the target is a fully qualified host name, or the root "." meaning "no service here".
/// Text form: <c>10 0 8448 matrix.example.com.</c>
/// </summary>
public sealed record SrvRecord(ushort Priority, ushort Weight, ushort Port, DnsName Target) : IComparable<SrvRecord>
{
    public const ushort DefaultMatrixPort = 8448;

    /// <summary>Parses the presentation form "priority weight port target".</summary>
    public static SrvRecord Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4)
        {
            throw new InvalidInputException($"SRV data '{text}' must have four fields: priority weight port target (RFC 2782).");
        }

        return new SrvRecord(
            ParseField(parts[0], "priority", text),
            ParseField(parts[1], "weight", text),
            ParseField(parts[2], "port", text),
            parts[3] == "." ? DnsName.Root : DnsName.Parse(parts[3]));
    }

    /// <summary>Parses a 0..65535 field with a message that names it.</summary>
    public static ushort ParseField(string value, string field, string context)
    {
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new InvalidInputException($"{field} '{value}' in '{context}' is not a whole number.");
        }

        if (n > ushort.MaxValue)
        {
            throw new InvalidInputException($"{field} {n} in '{context}' is out of range: SRV {field} is 0 to 65535 (RFC 2782).");
        }

        return (ushort)n;
    }

    public int CompareTo(SrvRecord? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Priority.CompareTo(other.Priority);
        if (c == 0)
        {
            c = Weight.CompareTo(other.Weight);
        }

        if (c == 0)
        {
            c = Port.CompareTo(other.Port);
        }

        return c != 0 ? c : Target.CompareTo(other.Target);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Priority} {Weight} {Port} {Target.Fqdn}");
}
