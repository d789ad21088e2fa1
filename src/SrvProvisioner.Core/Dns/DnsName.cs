using System.Globalization;
using System.Net;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Dns;

/// <summary>
/// A domain name in its canonical form: lower case, A-labels (punycode) for internationalised
/// labels, no trailing dot. <see cref="Fqdn"/> adds the dot. Limits follow RFC 1035 §2.3.4
/// (63 octets a label, 253 for the name in text form) and the host-name rule of RFC 1123 §2.1
/// (letters, digits, hyphens; no hyphen at either end of a label).
/// </summary>
public sealed record DnsName : IComparable<DnsName>
{
    public const int MaxLabelLength = 63;
    public const int MaxNameLength = 253;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    private DnsName(string value)
    {
        Value = value;
    }

    /// <summary>The root name, "." in text form (an SRV target of "." means "no service", RFC 2782).</summary>
    public static DnsName Root { get; } = new(string.Empty);

    /// <summary>Canonical text without the trailing dot; empty for the root.</summary>
    public string Value { get; }

    /// <summary>Fully qualified text with the trailing dot.</summary>
    public string Fqdn => Value + ".";

    public bool IsRoot => Value.Length == 0;

    public IReadOnlyList<string> Labels => IsRoot ? [] : Value.Split('.');

    /// <summary>
    /// Parses a Matrix server name for SRV delegation. IP literals and ports are refused with
    /// a message saying why: SRV records are looked up only for host names without a port
    /// (Matrix server-server API, "Resolving server names", steps 1, 2 and 4).
    /// </summary>
    public static DnsName ParseServerName(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input.Trim();
        if (text.Length == 0)
        {
            throw new InvalidInputException("The server name is empty: give the domain in your Matrix IDs, e.g. --server-name example.com.");
        }

        InputSlips.ThrowIfUrlOrMatrixId(text, "the server name", defaultPort: null);

        if (LooksLikeIpLiteral(text))
        {
            throw new InvalidInputException($"'{input}' is an IP address: Matrix servers look up SRV records only for a host name without a port; give the domain in your Matrix IDs.");
        }

        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            throw new InvalidInputException($"'{input}' has a port: a server name with an explicit port bypasses SRV lookup (spec step 2); give the name alone and put the port in --target host:port.");
        }

        return ParseHostName(text, "server name");
    }

    /// <summary>Parses a host name (LDH labels, IDN allowed). An IP address is refused.</summary>
    public static DnsName ParseHostName(string input, string what = "host name")
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input.Trim();
        if (LooksLikeIpLiteral(text))
        {
            throw new InvalidInputException($"{what} '{input}' is an IP address; SRV targets and server names must be host names (RFC 2782).");
        }

        return ParseCore(input, text, what, allowUnderscore: false);
    }

    /// <summary>Parses any owner name as found in DNS data (underscore labels such as <c>_tcp</c> allowed).</summary>
    public static DnsName Parse(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input.Trim();
        if (text is "." or "")
        {
            return Root;
        }

        return ParseCore(input, text, "name", allowUnderscore: true);
    }

    public static bool TryParse(string input, out DnsName? name)
    {
        try
        {
            name = Parse(input);
            return true;
        }
        catch (InvalidInputException)
        {
            name = null;
            return false;
        }
    }

    /// <summary>True when this name equals <paramref name="zone"/> or lies below it.</summary>
    public bool IsAtOrBelow(DnsName zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (zone.IsRoot || Value == zone.Value)
        {
            return true;
        }

        return Value.EndsWith("." + zone.Value, StringComparison.Ordinal);
    }

    /// <summary>Name relative to <paramref name="zone"/>: "@" for the apex.</summary>
    public string RelativeTo(DnsName zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (!IsAtOrBelow(zone))
        {
            throw new ArgumentException($"{Fqdn} is not inside {zone.Fqdn}", nameof(zone));
        }

        if (Value == zone.Value)
        {
            return "@";
        }

        return zone.IsRoot ? Value : Value[..^(zone.Value.Length + 1)];
    }

    /// <summary>A name made of <paramref name="label"/> in front of this one.</summary>
    public DnsName Prepend(string label) => Parse(IsRoot ? label : label + "." + Value);

    public DnsName? Parent => IsRoot ? null : Value.Contains('.', StringComparison.Ordinal) ? new DnsName(Value[(Value.IndexOf('.', StringComparison.Ordinal) + 1)..]) : Root;

    /// <summary>The name as people read it (U-labels where the name is internationalised).</summary>
    public string ToDisplayString()
    {
        if (!Value.Contains("xn--", StringComparison.Ordinal))
        {
            return Value;
        }

        try
        {
            return Idn.GetUnicode(Value);
        }
        catch (ArgumentException)
        {
            return Value;
        }
    }

    public int CompareTo(DnsName? other)
    {
        if (other is null)
        {
            return 1;
        }

        // Canonical DNS order (RFC 4034 §6.1): compare labels from the right.
        var a = Labels;
        var b = other.Labels;
        for (int i = 1; i <= Math.Min(a.Count, b.Count); i++)
        {
            var c = string.CompareOrdinal(a[^i], b[^i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    public override string ToString() => Fqdn;

    private static DnsName ParseCore(string original, string text, string what, bool allowUnderscore)
    {
        if (text.EndsWith('.'))
        {
            text = text[..^1];
        }

        if (text.Length == 0)
        {
            throw new InvalidInputException($"{what} '{original}' is empty.");
        }

        if (text.Contains(' ', StringComparison.Ordinal) || text.Contains('\t', StringComparison.Ordinal))
        {
            throw new InvalidInputException($"{what} '{original}' contains white space.");
        }

        var rawLabels = text.Split('.');
        var asciiLabels = new string[rawLabels.Length];
        for (int i = 0; i < rawLabels.Length; i++)
        {
            var label = rawLabels[i];
            if (label.Length == 0)
            {
                throw new InvalidInputException($"{what} '{original}' has an empty label (two dots in a row or a leading dot).");
            }

            asciiLabels[i] = ToAsciiLabel(original, label, what, allowUnderscore);
        }

        var value = string.Join('.', asciiLabels);
        if (value.Length > MaxNameLength)
        {
            throw new InvalidInputException($"{what} '{original}' is {value.Length} characters long; DNS allows at most {MaxNameLength} (RFC 1035 §2.3.4).");
        }

        return new DnsName(value);
    }

    private static string ToAsciiLabel(string original, string label, string what, bool allowUnderscore)
    {
        string ascii;
        if (label.All(char.IsAscii))
        {
            ascii = label.ToLowerInvariant();
        }
        else
        {
            try
            {
                ascii = Idn.GetAscii(label).ToLowerInvariant();
            }
            catch (ArgumentException ex)
            {
                throw new InvalidInputException($"{what} '{original}': label '{label}' is not a valid internationalised domain label (IDNA2008/UTS 46).", ex);
            }
        }

        if (ascii.Length > MaxLabelLength)
        {
            throw new InvalidInputException($"{what} '{original}': label '{label}' is {ascii.Length} octets long; DNS allows at most {MaxLabelLength} (RFC 1035 §2.3.4).");
        }

        var underscoreLabel = allowUnderscore && ascii.StartsWith('_');
        foreach (var c in underscoreLabel ? ascii[1..] : ascii)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
            {
                throw new InvalidInputException($"{what} '{original}': label '{label}' has '{c}'; host names use only letters, digits and hyphens (RFC 1123 §2.1).");
            }
        }

        if (ascii.StartsWith('-') || ascii.EndsWith('-'))
        {
            throw new InvalidInputException($"{what} '{original}': label '{label}' starts or ends with a hyphen (RFC 1123 §2.1).");
        }

        return ascii;
    }

    private static bool LooksLikeIpLiteral(string text)
    {
        if (text.StartsWith('[') || text.Count(c => c == ':') >= 2)
        {
            return true;
        }

        var hostPart = text.Contains(':', StringComparison.Ordinal) ? text[..text.IndexOf(':', StringComparison.Ordinal)] : text;
        hostPart = hostPart.TrimEnd('.');

        // Only a dotted quad counts as IPv4 here: IPAddress.TryParse also accepts "1" or "1.2".
        return hostPart.Split('.').Length == 4 && hostPart.All(c => char.IsAsciiDigit(c) || c == '.') && IPAddress.TryParse(hostPart, out _);
    }
}
