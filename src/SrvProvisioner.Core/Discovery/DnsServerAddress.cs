using System.Net;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.Discovery;

/// <summary>Parses <c>--dns-server IP[:PORT]</c> (IPv6 as <c>[::1]:53</c>); port 53 by default.</summary>
public static class DnsServerAddress
{
    public static IPEndPoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IPEndPoint.TryParse(text.Trim(), out var endpoint))
        {
            throw new InvalidInputException($"--dns-server '{text}' is not IP[:PORT] (IPv6 as [::1]:53).");
        }

        // IPEndPoint reads "no port" as port 0; a port written out as 0 is not a DNS server's.
        var t = text.Trim();
        var portWritten = t.StartsWith('[') ? t.Contains("]:", StringComparison.Ordinal) : t.Count(c => c == ':') == 1;
        if (endpoint.Port == 0 && portWritten)
        {
            throw new InvalidInputException($"--dns-server '{text}': port must be 1 to 65535.");
        }

        if (endpoint.Port == 0)
        {
            endpoint.Port = 53;
        }

        return endpoint;
    }
}
