using System.Globalization;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Net;

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

        var split = HostPortText.Parse(text, what);
        if (split.IsIpv6)
        {
            return new MatrixServerName(split.Host, split.Port, true);
        }

        if (HostPortText.ParseDottedQuad(split.Host) is { } v4)
        {
            return new MatrixServerName(v4.ToString(), split.Port, true);
        }

        return new MatrixServerName(DnsName.ParseHostName(split.Host, what).Value, split.Port, false);
    }
}
