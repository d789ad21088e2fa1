using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.Rfc2136;

/// <summary>Parses and resolves <c>HOST[:PORT]</c>, <c>IPv4[:PORT]</c> or <c>[IPv6][:PORT]</c>; port 53 by default.</summary>
internal static class ServerAddress
{
    public static async Task<IPEndPoint> ResolveAsync(string text, CancellationToken cancellationToken)
    {
        var (host, port) = Split(text);
        if (IPAddress.TryParse(host, out var ip))
        {
            return new IPEndPoint(ip, port);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new ProviderException($"--rfc2136-server {host} has no address.");
            return new IPEndPoint(address, port);
        }
        catch (SocketException ex)
        {
            throw new ProviderException($"Cannot resolve --rfc2136-server {host}: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidInputException($"--rfc2136-server '{Shorten(host)}' is not a host name the resolver accepts: {ex.Message.Split('(')[0].Trim()}", ex);
        }
    }

    public static (string Host, int Port) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        string host;
        string? portText = null;
        if (t.StartsWith('['))
        {
            var close = t.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InvalidInputException($"--rfc2136-server '{Shorten(text)}': missing ']'.");
            }

            host = t[1..close];
            if (close + 1 < t.Length)
            {
                portText = t[(close + 1)..].TrimStart(':');
            }
        }
        else if (t.Count(c => c == ':') == 1)
        {
            host = t[..t.IndexOf(':', StringComparison.Ordinal)];
            portText = t[(t.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }
        else
        {
            host = t;
        }

        var port = 53;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new InvalidInputException($"--rfc2136-server '{Shorten(text)}': port must be 1 to 65535.");
        }

        if (host.Length == 0)
        {
            throw new InvalidInputException($"--rfc2136-server '{Shorten(text)}' has no host.");
        }

        // RFC 1035 section 2.3.4: a name is at most 255 octets (253 characters in text); the resolver throws on longer ones.
        if (!IPAddress.TryParse(host, out _) && (host.Length > 253 || host.Any(c => c <= ' ' || c > '~')))
        {
            throw new InvalidInputException($"--rfc2136-server '{Shorten(host)}' is not a host name or IP address (at most 253 printable ASCII characters; write an internationalized name in its xn-- form).");
        }

        return (host, port);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
