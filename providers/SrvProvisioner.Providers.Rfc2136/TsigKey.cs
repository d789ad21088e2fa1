using System.Text.RegularExpressions;
using SrvProvisioner.Core.Errors;
using ArDns = ARSoft.Tools.Net.Dns;
using SrvProvisioner.Core.IO;

namespace SrvProvisioner.Providers.Rfc2136;

/// <summary>
/// A TSIG key (RFC 8945): its name, HMAC algorithm and shared secret. Read from a BIND
/// <c>key</c> block as <c>tsig-keygen</c> writes it, or from nsupdate's
/// <c>[algorithm:]name:secret</c> form. The secret never appears in messages.
/// </summary>
internal sealed partial record TsigKey(string Name, ArDns.TSigAlgorithm Algorithm, byte[] Secret)
{
    public override string ToString() => $"TSIG key '{Name}' ({AlgorithmName(Algorithm)})";

    public static TsigKey FromBindFile(string path)
    {
        string text;
        try
        {
            text = InputFile.ReadAllText(path, InputKind.KeyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Cannot read TSIG key file {path}: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses a key block, or the <c>[algorithm:]name:secret</c> form.</summary>
    public static TsigKey Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stripped = StripComments(text);
        var block = KeyBlockPattern().Match(stripped);
        if (block.Success)
        {
            var body = block.Groups["body"].Value;
            var algorithm = AlgorithmPattern().Match(body);
            var secret = SecretPattern().Match(body);
            if (!secret.Success)
            {
                throw new InvalidInputException($"{source}: key {Shown(block.Groups["name"].Value)} has no secret \"...\"; line.");
            }

            return Create(block.Groups["name"].Value, algorithm.Success ? algorithm.Groups[1].Value : "hmac-sha256", secret.Groups[1].Value, source);
        }

        var parts = text.Trim().Split(':');
        if (parts.Length is 2 or 3 && !text.Contains('{', StringComparison.Ordinal))
        {
            return parts.Length == 3 ? Create(parts[1], parts[0], parts[2], source) : Create(parts[0], "hmac-sha256", parts[1], source);
        }

        throw new InvalidInputException($"{source} is not a TSIG key: expected a BIND block as tsig-keygen writes it (key \"name\" {{ algorithm hmac-sha256; secret \"...\"; }};) or algorithm:name:secret.");
    }

    /// <summary>
    /// A key or algorithm name quoted in an error only when it looks like one (a DNS name or an
    /// algorithm token): in a damaged file the "name" may be a line holding the secret itself.
    /// </summary>
    private static string Shown(string value)
    {
        var trimmed = value.Trim();
        var looksLikeSecret = trimmed.Length >= 24 && Convert.TryFromBase64String(trimmed, new byte[trimmed.Length], out var decoded) && decoded >= 16;
        return trimmed.Length is > 0 and <= 64 && !looksLikeSecret && trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? $"'{trimmed}'"
            : "(name not shown: it is not a plain key name and may hold the secret)";
    }

    private static TsigKey Create(string name, string algorithmName, string secret, string source)
    {
        var algorithm = algorithmName.Trim().ToLowerInvariant() switch
        {
            "hmac-sha256" => ArDns.TSigAlgorithm.Sha256,
            "hmac-sha512" => ArDns.TSigAlgorithm.Sha512,
            "hmac-sha384" => ArDns.TSigAlgorithm.Sha384,
            "hmac-sha224" => ArDns.TSigAlgorithm.Sha224,
            "hmac-sha1" => ArDns.TSigAlgorithm.Sha1,
            "hmac-md5" or "hmac-md5.sig-alg.reg.int" => ArDns.TSigAlgorithm.Md5,
            _ => throw new InvalidInputException($"{source}: TSIG algorithm {Shown(algorithmName)} is not supported; use hmac-sha256 (default), hmac-sha512 or hmac-sha1."),
        };

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(secret.Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidInputException($"{source}: the secret of key {Shown(name)} is not base64.", ex);
        }

        if (bytes.Length == 0 || name.Trim().Length == 0)
        {
            throw new InvalidInputException($"{source}: the key has an empty name or secret.");
        }

        return new TsigKey(name.Trim(), algorithm, bytes);
    }

    public static string AlgorithmName(ArDns.TSigAlgorithm algorithm) => algorithm switch
    {
        ArDns.TSigAlgorithm.Sha256 => "hmac-sha256",
        ArDns.TSigAlgorithm.Sha512 => "hmac-sha512",
        ArDns.TSigAlgorithm.Sha384 => "hmac-sha384",
        ArDns.TSigAlgorithm.Sha224 => "hmac-sha224",
        ArDns.TSigAlgorithm.Sha1 => "hmac-sha1",
        ArDns.TSigAlgorithm.Md5 => "hmac-md5",
        _ => algorithm.ToString(),
    };

    /// <summary>
    /// Removes named.conf comments (<c>//</c>, <c>#</c> to the end of the line, <c>/* */</c>)
    /// outside quoted strings only: a base64 secret may contain "//".
    /// </summary>
    internal static string StripComments(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/')))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n')
                {
                    i++;
                }

                result.Append(' ');
                continue;
            }
            else if (!quoted && c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length - 1 : end + 1;
                result.Append(' ');
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    [GeneratedRegex(@"key\s+""?(?<name>[^""\s{]+)""?\s*\{(?<body>.*?)\}\s*;", RegexOptions.Singleline)]
    private static partial Regex KeyBlockPattern();

    [GeneratedRegex(@"algorithm\s+""?([A-Za-z0-9.\-]+)""?\s*;")]
    private static partial Regex AlgorithmPattern();

    [GeneratedRegex(@"secret\s+""([^""]*)""\s*;")]
    private static partial Regex SecretPattern();
}
