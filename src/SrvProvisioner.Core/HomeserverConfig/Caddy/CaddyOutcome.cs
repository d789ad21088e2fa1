namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>What a Caddy site answers for one path.</summary>
internal enum CaddyOutcome
{
    /// <summary>No handler wrote a response: Caddy answers 200 with an empty body (not a valid well-known).</summary>
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
