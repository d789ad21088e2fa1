using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Acme;

/// <summary>
/// One DNS-01 challenge: the TXT value an ACME client wants published at
/// <c>_acme-challenge.&lt;domain&gt;</c> (RFC 8555 §8.4). Only such names and only base64url
/// values are accepted, so a hook can never be made to write any other record.
/// </summary>
public sealed record AcmeChallenge
{
    /// <summary>The label RFC 8555 §8.4 prepends to the domain being validated.</summary>
    public const string Label = "_acme-challenge";

    private AcmeChallenge(DnsName name, string value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The TXT owner, <c>_acme-challenge.example.com.</c></summary>
    public DnsName Name { get; }

    /// <summary>The key authorization digest as the client gave it (base64url, RFC 8555 §8.4).</summary>
    public string Value { get; }

    /// <summary>The value in the canonical TXT form that record sets hold.</summary>
    public string TxtValue => TxtRecordText.FromText(Value);

    public RecordSetKey Key => new(Name, RecordType.Txt);

    /// <summary>
    /// From what a client hands its hook: a domain (certbot's <c>CERTBOT_DOMAIN</c>, possibly
    /// <c>*.example.com</c>, whose challenge lives at the base name: RFC 8555 §7.1.3) or the
    /// challenge name itself (lego's <c>exec</c> FQDN, <c>_acme-challenge.example.com.</c>).
    /// </summary>
    public static AcmeChallenge Parse(string domainOrName, string value, string what)
    {
        ArgumentNullException.ThrowIfNull(domainOrName);
        ArgumentNullException.ThrowIfNull(value);
        var text = domainOrName.Trim();
        if (text.StartsWith("*.", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (text.Length == 0 || text == ".")
        {
            throw new InvalidInputException($"{what} is empty: the ACME client gives the domain being validated, e.g. example.com.");
        }

        DnsName name;
        try
        {
            name = DnsName.Parse(text);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException($"{what} '{Shorten(domainOrName)}' is not a domain name: {ex.Message}", ex);
        }

        var labels = name.Labels;
        if (labels.Count < 2 || labels.Skip(1).Any(l => l.StartsWith('_')))
        {
            throw new InvalidInputException($"{what} '{Shorten(domainOrName)}' is not a domain an ACME CA validates.");
        }

        if (!string.Equals(labels[0], Label, StringComparison.OrdinalIgnoreCase))
        {
            if (labels[0].StartsWith('_'))
            {
                throw new InvalidInputException($"{what} '{Shorten(domainOrName)}' is not a domain an ACME CA validates.");
            }

            if (name.Value.Length + Label.Length + 1 > DnsName.MaxNameLength)
            {
                throw new InvalidInputException($"{what} '{Shorten(domainOrName)}' is too long to carry an {Label} label.");
            }

            name = name.Prepend(Label);
        }

        ThrowIfNotBase64Url(value);
        return new AcmeChallenge(name, value);
    }

    /// <summary>
    /// RFC 8555 §8.4: the value is base64url(SHA-256(key authorization)), 43 characters; any
    /// base64url text up to one character-string is accepted, nothing else.
    /// </summary>
    private static void ThrowIfNotBase64Url(string value)
    {
        if (value.Length == 0 || value.Length > TxtRecordText.MaxStringBytes || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new InvalidInputException($"The validation value is not an ACME DNS-01 value (base64url, RFC 8555 §8.4; it has {value.Length} character(s)); nothing was written.");
        }
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
