using System.Net;
using System.Net.Sockets;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Net;

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
        var split = HostPortText.Parse(text, "--rfc2136-server", allowBareIpv6: true);
        if (split.Host.Length == 0)
        {
            throw new InvalidInputException($"--rfc2136-server '{Shorten(text)}' has no host.");
        }

        // RFC 1035 section 2.3.4: a name is at most 255 octets (253 characters in text); the resolver throws on longer ones.
        if (!IPAddress.TryParse(split.Host, out _) && (split.Host.Length > 253 || split.Host.Any(c => c <= ' ' || c > '~')))
        {
            throw new InvalidInputException($"--rfc2136-server '{Shorten(split.Host)}' is not a host name or IP address (at most 253 printable ASCII characters; write an internationalized name in its xn-- form).");
        }

        return (split.Host, split.Port ?? 53);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
