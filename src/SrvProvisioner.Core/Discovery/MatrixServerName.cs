using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Discovery;

/// <summary>
/// A Matrix server name as the spec's "Resolving server names" reads it: an IP literal or a
/// host name, each with an optional port (server-server API, Appendix "Server names").
/// Host names are held in canonical A-label form.
/// </summary>
public sealed record MatrixServerName(string Host, int? Port, bool IsIpLiteral)
{
    public const int DefaultPort = 8448;

    public bool IsIpv6 => IsIpLiteral && Host.Contains(':', StringComparison.Ordinal);

    /// <summary>The host as it appears in a URL or Host header (IPv6 in brackets).</summary>
    public string HostForUrl => IsIpv6 ? $"[{Host}]" : Host;

    /// <summary>The name as written in Matrix IDs: host, with the port when one was given.</summary>
    public string Text => Port is { } p ? $"{HostForUrl}:{p.ToString(CultureInfo.InvariantCulture)}" : HostForUrl;

    public override string ToString() => Text;

    public static MatrixServerName Parse(string input, string what = "server name")
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input.Trim();
        if (text.Length == 0)
        {
            throw new InvalidInputException($"The {what} is empty: give the domain in your Matrix IDs, e.g. --server-name example.com.");
        }

        string host;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InvalidInputException($"{what} '{input}' opens '[' for an IPv6 address but never closes it.");
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                portText = rest.StartsWith(':') ? rest[1..] : throw new InvalidInputException($"{what} '{input}': only ':PORT' may follow ']'.");
            }

            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw new InvalidInputException($"{what} '{input}': '{host}' in brackets is not an IPv6 address.");
            }

            return new MatrixServerName(v6.ToString(), ParsePort(portText, input, what), true);
        }

        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            if (text.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw new InvalidInputException($"{what} '{input}': an IPv6 address must be written in brackets, e.g. [2001:db8::1]:8448.");
            }

            host = text[..colon];
            portText = text[(colon + 1)..];
        }
        else
        {
            host = text;
        }

        var port = ParsePort(portText, input, what);
        if (host.Split('.').Length == 4 && host.All(c => char.IsAsciiDigit(c) || c == '.') && IPAddress.TryParse(host, out var v4))
        {
            return new MatrixServerName(v4.ToString(), port, true);
        }

        return new MatrixServerName(DnsName.ParseHostName(host, what).Value, port, false);
    }

    private static int? ParsePort(string? text, string input, string what)
    {
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidInputException($"{what} '{input}': port '{text}' is not a number from 1 to 65535.");
        }

        return port;
    }
}
