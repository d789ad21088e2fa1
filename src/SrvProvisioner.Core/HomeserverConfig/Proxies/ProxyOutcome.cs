namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>What a proxy site answers for one path.</summary>
internal enum ProxyOutcome
{
    /// <summary>Nothing in the site answers (Caddy: an empty 200, not a valid well-known).</summary>
    FellThrough,

    /// <summary>A handler answers with an error status (respond 404, error, abort, a missing file).</summary>
    NotFound,

    /// <summary>A handler answers with content or a redirect.</summary>
    Served,

    /// <summary>Forwarded to an upstream (reverse_proxy, php_fastcgi): the upstream decides.</summary>
    Forwarded,

    /// <summary>Depends on the request or on something srvprov cannot evaluate.</summary>
    Unsure,
}
