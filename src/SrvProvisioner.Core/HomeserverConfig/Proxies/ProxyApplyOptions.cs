namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>
/// How apply treats reverse proxy configs: srvprov never reloads a server on its own; with
/// <see cref="Reload"/> (<c>--reload</c>) it runs the reload command after the checker passed.
/// <see cref="Report"/> receives one line per backup, checker run and reload (command) for the user.
/// </summary>
public sealed record ProxyApplyOptions
{
    public bool Reload { get; init; }

    public Action<string>? Report { get; init; }

    /// <summary>The nginx executable; null: looked up in /usr/sbin, /usr/local/sbin, /usr/bin and PATH.</summary>
    public string? NginxPath { get; init; }

    /// <summary>The caddy executable; null: looked up as <see cref="NginxPath"/> is.</summary>
    public string? CaddyPath { get; init; }

    /// <summary>The Apache httpd executable (<c>apache2</c> on Debian, <c>httpd</c> elsewhere); null: looked up.</summary>
    public string? ApachePath { get; init; }

    /// <summary>Environment variables added for the servers' own tools (checker, reload); null: srvprov's own environment.</summary>
    public IReadOnlyDictionary<string, string>? ToolEnvironment { get; init; }
}
