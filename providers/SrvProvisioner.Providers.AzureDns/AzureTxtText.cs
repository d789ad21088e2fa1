using System.Text;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.AzureDns;

/// <summary>
/// Between the canonical TXT text of <see cref="RecordSet"/> and Azure DNS's <c>TXTRecords</c>:
/// each record is <c>{"value": ["...", "..."]}</c>, one JSON string per character-string,
/// unquoted and unescaped (REST API 2018-05-01, TxtRecord.value, "The text value of this TXT
/// record"; Azure DNS docs, "DNS zones and records", TXT records: "When calling the Azure DNS
/// REST API, you need to specify each TXT string separately", each up to 255 characters).
/// JSON strings are Unicode text, so a character-string is sent as its UTF-8 text and bytes
/// that are not UTF-8 cannot be sent at all.
/// </summary>
internal static class AzureTxtText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The <c>value</c> strings for one canonical TXT record.</summary>
    public static IReadOnlyList<string> ToStrings(string canonical)
    {
        try
        {
            return [.. TxtRecordText.Parse(canonical).Select(b => StrictUtf8.GetString(b))];
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidInputException($"Azure DNS keeps TXT strings as Unicode text and cannot hold {canonical}, whose bytes are not UTF-8; nothing was applied.", ex);
        }
    }

    /// <summary>
    /// The canonical TXT record for the strings Azure lists. A string longer than 255 bytes
    /// (which Azure's own tools split before they send it) is taken as the 255-byte strings DNS
    /// serves it as.
    /// </summary>
    public static string FromStrings(IReadOnlyList<string> strings)
    {
        ArgumentNullException.ThrowIfNull(strings);
        if (strings.Count == 0)
        {
            throw new InvalidInputException("a TXT record with an empty value array");
        }

        var chunks = new List<byte[]>();
        foreach (var bytes in strings.Select(Encoding.UTF8.GetBytes))
        {
            if (bytes.Length == 0)
            {
                chunks.Add(bytes);
            }

            for (var offset = 0; offset < bytes.Length; offset += TxtRecordText.MaxStringBytes)
            {
                chunks.Add(bytes[offset..Math.Min(bytes.Length, offset + TxtRecordText.MaxStringBytes)]);
            }
        }

        return TxtRecordText.FromStrings(chunks);
    }
}
