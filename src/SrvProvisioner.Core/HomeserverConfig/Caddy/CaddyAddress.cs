using System.Globalization;

namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>
/// A site address (a site block key): <c>[scheme://][host][:port][/path]</c>. No host means
/// every host on the port; the port defaults to 80 for <c>http://</c> and 443 otherwise
/// (Caddy's HTTPS port). https://caddyserver.com/docs/caddyfile/concepts#addresses
/// </summary>
internal sealed record CaddyAddress(string Host, int Port, string Path, bool HasVariable)
{
    public static CaddyAddress Parse(CaddyToken key)
    {
        var text = key.Value.TrimEnd(',').Trim();
        if (key.HasVariable)
        {
            return new CaddyAddress(text, 0, string.Empty, true);
        }

        var scheme = string.Empty;
        var at = text.IndexOf("://", StringComparison.Ordinal);
        if (at >= 0)
        {
            scheme = text[..at].ToLowerInvariant();
            text = text[(at + 3)..];
        }

        var path = string.Empty;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            path = text[slash..];
            text = text[..slash];
        }

        var port = scheme == "http" ? 80 : 443;
        var colon = text.LastIndexOf(':');
        if (colon >= 0 && !text.EndsWith(']'))
        {
            if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                return new CaddyAddress(text, 0, path, true);
            }

            text = text[..colon];
        }

        return new CaddyAddress(text.ToLowerInvariant().TrimEnd('.'), port, path, false);
    }

    /// <summary>How well the address covers <paramref name="host"/>: 3 exact, 2 wildcard (one label), 1 any host, 0 not.</summary>
    public int Covers(string host)
    {
        if (Host.Length == 0)
        {
            return 1;
        }

        if (Host == host)
        {
            return 3;
        }

        if (Host.StartsWith("*.", StringComparison.Ordinal))
        {
            var dot = host.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && host[(dot + 1)..] == Host[2..] ? 2 : 0;
        }

        return 0;
    }
}
