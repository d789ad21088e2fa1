using System.Text;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// Finds the API token: <c>--cloudflare-token-file</c> when given, else
/// <c>CLOUDFLARE_API_TOKEN</c> (the variable Cloudflare's own tools read). The token is never
/// put in a message, a plan file or a log; errors name where it came from instead.
/// </summary>
internal static class CloudflareToken
{
    public const string Variable = "CLOUDFLARE_API_TOKEN";

    /// <summary>Cloudflare API tokens are 40 characters; anything near a kilobyte is not a token.</summary>
    private const int MaxFileBytes = 1024;

    public static (string Token, string Source) Resolve(string? tokenFile, Func<string, string?> environment)
    {
        if (tokenFile is not null)
        {
            return (Check(ReadFile(tokenFile), $"token file {tokenFile}"), $"the token in {tokenFile}");
        }

        var fromEnvironment = environment(Variable);
        if (string.IsNullOrWhiteSpace(fromEnvironment))
        {
            throw new InvalidInputException($"Provider 'cloudflare' needs an API token: set {Variable} or give --cloudflare-token-file PATH (a token with Zone → DNS → Edit and Zone → Zone → Read; the README's Cloudflare section says how to make one).");
        }

        return (Check(fromEnvironment, Variable), Variable);
    }

    /// <summary>
    /// Reads a small regular file. FIFOs, devices, sockets and /proc files report size 0 and
    /// are refused before they are opened (opening a FIFO would wait for a writer); the read
    /// itself is bounded too, in case the path changes in between.
    /// </summary>
    private static string ReadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
            {
                info = target;
            }

            if (!info.Exists)
            {
                throw new InvalidInputException($"--cloudflare-token-file {path} does not exist (or is not a file).");
            }

            if (info.Length is 0 or > MaxFileBytes)
            {
                throw new InvalidInputException($"--cloudflare-token-file {path} must be a regular file holding just the API token (it is {(info.Length == 0 ? "empty or not a regular file" : $"{info.Length} bytes")}).");
            }

            using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            var buffer = new byte[MaxFileBytes + 1];
            int total = 0, read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > MaxFileBytes)
            {
                throw new InvalidInputException($"--cloudflare-token-file {path} grew beyond {MaxFileBytes} bytes while being read; give a file holding just the API token.");
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Cannot read --cloudflare-token-file {path}: {ex.Message}", ex);
        }
    }

    /// <summary>One line of printable ASCII without spaces: what a bearer token is (RFC 6750 §2.1, b64token).</summary>
    private static string Check(string text, string source)
    {
        var token = text.Trim();
        if (token.Length == 0 || token.Any(c => c <= ' ' || c > '~'))
        {
            throw new InvalidInputException($"The Cloudflare API token in {source} is {(token.Length == 0 ? "empty" : "not one line of printable characters")}; it should hold just the token.");
        }

        return token;
    }
}
