using System.Formats.Asn1;
using System.Text;

namespace SrvProvisioner.Core.Certificates;

/// <summary>
/// A comparison key for an X.501 Name, canonical in the way OpenSSL compares names when it
/// looks for an issuer (X509_NAME_cmp on the canonical encoding): string values trimmed,
/// inner whitespace collapsed, case folded. Used only to pick candidate issuers from the
/// system store; the chain build still checks every name and signature itself.
/// </summary>
internal static class DistinguishedNameKey
{
    /// <summary>The key of a DER-encoded Name (the SEQUENCE of RDNs).</summary>
    public static string FromEncodedName(ReadOnlyMemory<byte> encodedName)
    {
        try
        {
            var name = new AsnReader(encodedName, AsnEncodingRules.BER).ReadSequence();
            var key = new StringBuilder();
            while (name.HasData)
            {
                var rdn = name.ReadSetOf(skipSortOrderValidation: true);
                key.Append('/');
                while (rdn.HasData)
                {
                    var attribute = rdn.ReadSequence();
                    key.Append(attribute.ReadObjectIdentifier()).Append('=');
                    AppendValue(attribute, key);
                    key.Append('+');
                }
            }

            return key.ToString();
        }
        catch (AsnContentException)
        {
            // Not parseable: only an identical encoding can match.
            return "#" + Convert.ToHexString(encodedName.Span);
        }
    }

    private static void AppendValue(AsnReader attribute, StringBuilder key)
    {
        var tag = attribute.PeekTag();
        if (tag.TagClass == TagClass.Universal && IsString((UniversalTagNumber)tag.TagValue))
        {
            var raw = attribute.PeekEncodedValue();
            try
            {
                var text = attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue);
                key.Append(Canonical(text));
                return;
            }
            catch (Exception ex) when (ex is AsnContentException or ArgumentException)
            {
                key.Append('#').Append(Convert.ToHexString(raw.Span));
                return;
            }
        }

        key.Append('#').Append(Convert.ToHexString(attribute.ReadEncodedValue().Span));
    }

    private static bool IsString(UniversalTagNumber tag) => tag is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString
        or UniversalTagNumber.IA5String or UniversalTagNumber.T61String or UniversalTagNumber.BMPString
        or UniversalTagNumber.UniversalString or UniversalTagNumber.VisibleString or UniversalTagNumber.NumericString;

    private static string Canonical(string value)
    {
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
