using System.Net;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Net;

namespace SrvProvisioner.Core.Discovery;

/// <summary>Parses <c>--dns-server IP[:PORT]</c> (IPv6 as <c>[::1]:53</c>); port 53 by default.</summary>
public static class DnsServerAddress
{
    public const int DefaultPort = 53;

    public static IPEndPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var split = HostPortText.Parse(text, "--dns-server", allowBareIpv6: true);
        var address = split.IsIpv6 ? IPAddress.Parse(split.Host) : HostPortText.ParseDottedQuad(split.Host)
            ?? throw new InvalidInputException($"--dns-server '{(text.Length <= 80 ? text : text[..77] + "...")}' is not IP[:PORT] (IPv6 as [::1]:53).");
        return new IPEndPoint(address, split.Port ?? DefaultPort);
    }
}
