namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>
/// A place in a reverse proxy's configuration that serves <c>/.well-known/matrix/server</c>,
/// as the config analysis found it: which server software (<see cref="Product"/>, the token it
/// sends in its <c>Server</c> header: <c>nginx</c>, <c>Caddy</c>, <c>Apache</c>), where
/// (<see cref="Where"/>, file:line), and a short label. <c>plan --check-live</c> uses it to name
/// the location that explains the live answer.
/// </summary>
public sealed record WellKnownServingLocation(string Product, string Where, string Label)
{
    /// <summary>
    /// The body the configuration itself holds (nginx <c>return 200 '...'</c>, Caddy
    /// <c>respond '...'</c>); null when the content lives elsewhere (a file, an alias, a
    /// redirect) or depends on the request (a variable, a placeholder).
    /// </summary>
    public string? Body { get; init; }
}
