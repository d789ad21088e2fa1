using System.Globalization;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Dns;

/// <summary>
/// The likeliest slips when typing a server name or a target: a URL copied from a browser, a
/// Matrix ID pasted whole. Caught before the host/port parsers, whose own messages ("port
/// '//matrix.example.com' is not a whole number") would name the wrong mistake.
/// </summary>
public static class InputSlips
{
    /// <summary>
    /// Refuses a URL or a Matrix ID where a host name is expected, naming the value to give
    /// instead. <paramref name="defaultPort"/> is the port to suggest with a host:port value
    /// (null where the value takes no port, as the server name for SRV delegation).
    /// </summary>
    public static void ThrowIfUrlOrMatrixId(string input, string what, int? defaultPort)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input.Trim();
        if (IsMatrixId(text, out var serverName))
        {
            // Matrix IDs are sigil, localpart, ':' and the server name (spec: Appendices,
            // "Common Identifier Format"); the server name starts after the first ':'.
            throw new InvalidInputException(defaultPort is null
                ? $"{what} '{input}' is a Matrix ID: the server name is {serverName} (the part after the first ':'); give {serverName}."
                : $"{what} '{input}' is a Matrix ID: give the host the homeserver runs on and its port, e.g. matrix.{serverName}:{defaultPort.Value.ToString(CultureInfo.InvariantCulture)} (the server name is {serverName}).");
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
        {
            var host = uri.IdnHost.Trim('[', ']');
            // Only a port written in the URL is kept (https://host:443 too): Uri.IsDefaultPort
            // cannot tell ':443' written from no port at all.
            int? port = WrittenPort(text[(scheme + 3)..]) is { } written ? written : uri.IsDefaultPort ? null : uri.Port;
            var value = defaultPort is { } d ? $"{host}:{(port ?? d).ToString(CultureInfo.InvariantCulture)}" : host;
            throw new InvalidInputException($"{what} takes a host name{(defaultPort is null ? string.Empty : " and port")}, not a URL: use {value} instead of '{input}'.");
        }

        if (scheme > 0)
        {
            throw new InvalidInputException($"{what} takes a host name{(defaultPort is null ? string.Empty : " and port")}, not a URL ('{input}').");
        }

        if (text.Contains('/', StringComparison.Ordinal))
        {
            var bare = text[..text.IndexOf('/', StringComparison.Ordinal)];
            throw new InvalidInputException($"{what} '{input}' has a path: give the host name{(defaultPort is null ? string.Empty : "[:PORT]")} alone, e.g. {(bare.Length > 0 ? bare : "matrix.example.com")}.");
        }
    }

    private static int? WrittenPort(string afterScheme)
    {
        var end = afterScheme.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? afterScheme : afterScheme[..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : null;
    }

    private static bool IsMatrixId(string text, out string serverName)
    {
        serverName = string.Empty;
        if (text.Length < 3 || text[0] is not ('@' or '#' or '!' or '$' or '+'))
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 2 || colon == text.Length - 1)
        {
            return false;
        }

        serverName = text[(colon + 1)..];
        return true;
    }
}
