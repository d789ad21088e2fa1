using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Net;

/// <summary>
/// The one reading of <c>HOST[:PORT]</c> for the options that take one (<c>--server-name</c>,
/// <c>--expect-target</c>, <c>--dns-server</c>, <c>--rfc2136-server</c>, each half of <c>--connect-to</c>
/// through <see cref="Split"/> since its fields may be empty; <c>--target</c> refuses
/// IP addresses before it splits, and reads its port as an SRV field): a
/// name or IPv4 address with an optional <c>:PORT</c>, or an IPv6 address in brackets,
/// <c>[2001:db8::1]:PORT</c> (RFC 3986 §3.2.2, and the Matrix spec's server-name grammar).
/// What the host may be (a name, an IP) is the caller's rule; this only splits and checks the
/// port.
/// </summary>
/// <param name="Host">The host without brackets; an IPv6 address in its canonical form.</param>
/// <param name="Port">The port (1-65535), or null when none was written.</param>
/// <param name="IsIpv6">Whether the host is an IPv6 address (bracketed, or bare where allowed).</param>
public sealed record HostPortText(string Host, int? Port, bool IsIpv6)
{
    /// <summary>
    /// Splits <paramref name="input"/>. <paramref name="what"/> names the option in errors.
    /// With <paramref name="allowBareIpv6"/>, an IPv6 address without brackets is taken whole
    /// (it cannot carry a port then); otherwise it is refused, as the Matrix spec's grammar does.
    /// </summary>
    public static HostPortText Parse(string input, string what, bool allowBareIpv6 = false)
    {
        var split = Split(input, what, allowBareIpv6);
        return new HostPortText(split.Host, ParsePort(split.PortText, input, what), split.IsIpv6);
    }

    /// <summary>
    /// The split alone: the host as <see cref="Parse"/> reads it and the port text unchecked
    /// (null when no <c>:</c> follows the host), for options whose port has its own rule
    /// (<c>--target</c> reads it as an SRV field, RFC 2782) or may be empty (<c>--connect-to</c>).
    /// </summary>
    public static (string Host, string? PortText, bool IsIpv6) Split(string input, string what, bool allowBareIpv6 = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input.Trim();
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InvalidInputException($"{what} '{Shorten(input)}' opens '[' for an IPv6 address but never closes it.");
            }

            var inside = text[1..close];
            var rest = text[(close + 1)..];
            string? portText = null;
            if (rest.Length > 0)
            {
                portText = rest.StartsWith(':') ? rest[1..] : throw new InvalidInputException($"{what} '{Shorten(input)}': only ':PORT' may follow ']'.");
            }

            if (!IPAddress.TryParse(inside, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw new InvalidInputException($"{what} '{Shorten(input)}': '{Shorten(inside)}' in brackets is not an IPv6 address.");
            }

            return (v6.ToString(), portText, true);
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return (text, null, false);
        }

        if (text.IndexOf(':', StringComparison.Ordinal) != colon)
        {
            if (allowBareIpv6 && IPAddress.TryParse(text, out var bare) && bare.AddressFamily == AddressFamily.InterNetworkV6)
            {
                return (bare.ToString(), null, true);
            }

            throw new InvalidInputException($"{what} '{Shorten(input)}': an IPv6 address must be written in brackets, e.g. [2001:db8::1]:8448.");
        }

        return (text[..colon], text[(colon + 1)..], false);
    }

    /// <summary>An IPv4 address in the dotted-quad form only (no <c>127.1</c> or octal shorthand), else null.</summary>
    public static IPAddress? ParseDottedQuad(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Split('.').Length == 4 && host.All(c => char.IsAsciiDigit(c) || c == '.') && IPAddress.TryParse(host, out var v4) ? v4 : null;
    }

    /// <summary>A port from 1 to 65535, or null for null text; <paramref name="input"/> is echoed in the error.</summary>
    public static int? ParsePort(string? text, string input, string what)
    {
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidInputException($"{what} '{Shorten(input)}': port '{Shorten(text)}' is not a number from 1 to 65535.");
        }

        return port;
    }

    // Inputs are echoed in errors; a 100k-character value must not become a 100k-character line.
    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}
