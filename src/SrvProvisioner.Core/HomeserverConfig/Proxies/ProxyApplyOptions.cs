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
}
