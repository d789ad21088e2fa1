using System.Text;

namespace SrvProvisioner.Providers.ZoneFile;

/// <summary>
/// A master file is bytes (RFC 1035 section 5.1: text is "a sequence of octets"; BIND keeps
/// non-ASCII bytes of TXT data and comments as they are). It is read as ISO-8859-1, which maps
/// every byte to one char and back, so lines the edit does not touch are written back exactly,
/// whatever their encoding. A UTF-8 byte order mark is kept apart and restored.
/// </summary>
internal static class ZoneFileText
{
    public static bool HasBom(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Encoding.UTF8.Preamble);

    public static string Decode(byte[] bytes) =>
        Encoding.Latin1.GetString(HasBom(bytes) ? bytes.AsSpan(Encoding.UTF8.Preamble.Length) : bytes);

    /// <summary>The new lines srvprov writes are ASCII (names are IDNA A-labels), so Latin-1 loses nothing.</summary>
    public static byte[] Encode(string text, bool withBom) =>
        withBom ? [.. Encoding.UTF8.Preamble, .. Encoding.Latin1.GetBytes(text)] : Encoding.Latin1.GetBytes(text);
}
