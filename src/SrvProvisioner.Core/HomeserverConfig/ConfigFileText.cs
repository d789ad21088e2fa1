using System.Security.Cryptography;
using System.Text;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>
/// A config file's bytes as text. Decoding is strict UTF-8, so encoding the same text again
/// gives the same bytes: edits on <see cref="Text"/> change only the bytes they touch. The
/// byte-order mark is kept aside and written back; line endings stay in the text.
/// </summary>
internal sealed class ConfigFileText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private ConfigFileText(string path, bool hasBom, string text)
    {
        Path = path;
        HasBom = hasBom;
        Text = text;
        NewLine = DetectNewLine(text);
    }

    /// <summary>The path as shown to the user.</summary>
    public string Path { get; }

    public bool HasBom { get; }

    public string Text { get; }

    /// <summary>The file's own line terminator (the first one found; LF for a one-line file).</summary>
    public string NewLine { get; }

    public bool EndsWithNewLine => Text.EndsWith('\n');

    public static ConfigFileText Decode(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var hasBom = bytes.AsSpan().StartsWith(Bom);
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            throw new ConfigFileException($"{path} is UTF-16; srvprov edits UTF-8 config files only. Convert it to UTF-8 and run again.");
        }

        try
        {
            var text = Strict.GetString(bytes, hasBom ? Bom.Length : 0, bytes.Length - (hasBom ? Bom.Length : 0));
            return new ConfigFileText(path, hasBom, text);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ConfigFileException($"{path} is not valid UTF-8 (byte {ex.Index}); srvprov edits UTF-8 config files only.", ex);
        }
    }

    public byte[] Encode(string text)
    {
        var body = Strict.GetBytes(text);
        return HasBom ? [.. Bom, .. body] : body;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string DetectNewLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n";
    }
}
