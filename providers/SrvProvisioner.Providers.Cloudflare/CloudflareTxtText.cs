using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// Between the canonical TXT text of <see cref="RecordSet"/> and a Cloudflare TXT record's
/// <c>content</c>. Cloudflare's API schema (TXTRecord.content): "The content must consist of
/// quoted 'character strings' (RFC 1035), each with a length of up to 255 bytes. Strings
/// exceeding this allowed maximum length are automatically split"; it lists the content as it
/// stores it (libdns/cloudflare#32: <c>"chunk1" "chunk2"</c>). The canonical form is such
/// content, so it is sent as it is. Content without quotes, as older clients and the
/// dashboard wrote it, is one string of text (StackExchange/dnscontrol#1543).
/// </summary>
internal static class CloudflareTxtText
{
    public static string ToContent(string canonical) => TxtRecordText.Canonicalise(canonical);

    public static string ToCanonical(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return content.StartsWith('"') ? TxtRecordText.Canonicalise(content) : TxtRecordText.FromText(content);
    }
}
