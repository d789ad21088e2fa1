using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Core.Acme;

/// <summary>
/// The optional settings file of <c>srvprov acme-hook</c>, so that renewals started by a
/// timer need no options on the hook's command line: one <c>option = value</c> a line, the
/// option named as on the command line with or without its dashes
/// (<c>provider = rfc2136</c>, <c>rfc2136-key-file = /etc/srvprov/acme.key</c>), <c>#</c>
/// starts a comment line. Read through <see cref="SecretInputFile"/>: it may name keys.
/// </summary>
public static class HookSettingsFile
{
    public static InputKind Kind { get; } = new("hook settings file", 64 * 1024);

    /// <summary>Option name with its dashes (<c>--provider</c>) to value.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path) => Parse(SecretInputFile.ReadAllText(path, Kind), path);

    public static IReadOnlyDictionary<string, string> Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InvalidInputException($"{path}:{i + 1}: expected 'option = value' (e.g. 'provider = rfc2136').");
            }

            var name = line[..eq].Trim().TrimStart('-');
            var value = line[(eq + 1)..].Trim();
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                throw new InvalidInputException($"{path}:{i + 1}: '{Shorten(line[..eq].Trim())}' is not an option name (lower-case letters, digits and dashes).");
            }

            if (!values.TryAdd("--" + name, value))
            {
                throw new InvalidInputException($"{path}:{i + 1}: --{name} is set twice.");
            }
        }

        return values;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 37), "...");
}
