using System.Text.RegularExpressions;

namespace SrvProvisioner.Core.HomeserverConfig.Editing;

/// <summary>
/// Hides the values of settings whose key looks secret (<c>*secret*</c>, <c>*password*</c>,
/// <c>*token*</c>, <c>*key*</c>, <c>macaroon*</c>) in lines srvprov shows, such as a diff's
/// context: a plan of <c>homeserver.yaml</c> must not print <c>registration_shared_secret</c>
/// or <c>macaroon_secret_key</c> beside the line it changes, nor save them in a plan file.
/// A YAML block scalar (<c>signing_key: |</c>) is hidden with its indented lines.
/// </summary>
internal static partial class SecretLines
{
    public const string Redacted = "\u2039redacted\u203a";

    /// <summary>The line with its value replaced, or null when its key does not look secret.</summary>
    public static string? Redact(string line, out bool opensBlock)
    {
        opensBlock = false;
        var match = KeyValue().Match(line);
        if (!match.Success || !LooksSecret(match.Groups["key"].Value))
        {
            return null;
        }

        var value = match.Groups["value"].Value.Trim();
        opensBlock = value.StartsWith('|') || value.StartsWith('>');
        return value.Length == 0 ? line : match.Groups["head"].Value + " " + Redacted;
    }

    public static bool LooksSecret(string key)
    {
        var k = key.ToLowerInvariant();
        return k.Contains("secret", StringComparison.Ordinal) || k.Contains("password", StringComparison.Ordinal)
            || k.Contains("token", StringComparison.Ordinal) || k.Contains("key", StringComparison.Ordinal)
            || k.StartsWith("macaroon", StringComparison.Ordinal);
    }

    public static int Indent(string line) => line.Length - line.TrimStart(' ', '\t').Length;

    // YAML "key: value", TOML "key = value", .env "KEY=value", compose "- KEY=value", quoted keys.
    [GeneratedRegex("""^(?<head>\s*(?:-\s+)?(?:export\s+)?["']?(?<key>[A-Za-z0-9_.\-]+)["']?\s*[:=])(?<value>.*)$""")]
    private static partial Regex KeyValue();
}
