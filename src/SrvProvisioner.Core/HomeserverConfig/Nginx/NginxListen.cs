namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// A <c>listen</c> socket reduced to what picks a server block (ngx_http_core_listen): the
/// address and port as one key (<c>*:443</c>, <c>[::]:443</c>, <c>127.0.0.1:8080</c>) and
/// whether it is the port's <c>default_server</c>.
/// </summary>
internal sealed record NginxListen(string Key, bool IsDefault)
{
    /// <summary>A server block without <c>listen</c> listens on *:80 (nginx running as root).</summary>
    public static NginxListen Implicit { get; } = new("*:80", false);

    public string Port => Key[(Key.LastIndexOf(':') + 1)..];

    public static NginxListen? Parse(NginxNode listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var address = listen.Directive.Arg(0);
        if (address.Length == 0 || address.StartsWith("unix:", StringComparison.Ordinal))
        {
            return null;
        }

        var isDefault = listen.Directive.Args.Skip(1).Any(a => a.Value is "default_server" or "default");
        string key;
        if (address.All(char.IsAsciiDigit))
        {
            key = "*:" + address;
        }
        else if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            var port = close >= 0 && close + 1 < address.Length && address[close + 1] == ':' ? address[(close + 2)..] : "80";
            key = (close >= 0 ? address[..(close + 1)] : address).ToLowerInvariant() + ":" + port;
        }
        else
        {
            var colon = address.LastIndexOf(':');
            key = colon < 0 ? address.ToLowerInvariant() + ":80" : address.ToLowerInvariant();
        }

        return new NginxListen(key, isDefault);
    }
}
