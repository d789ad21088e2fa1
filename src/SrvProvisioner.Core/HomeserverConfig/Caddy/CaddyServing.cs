using SrvProvisioner.Core.HomeserverConfig.Proxies;

namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>What answers a path in a site: the outcome, the deciding directive, what it serves, and the blocks that lead to it (site level first).</summary>
internal sealed record CaddyServing(ProxyOutcome Kind, CaddyDirective? Source, string What, IReadOnlyList<CaddyDirective> Chain)
{
    /// <summary>The literal body of a <c>respond</c> without placeholders; null otherwise.</summary>
    public string? Body { get; init; }

    public static CaddyServing FellThrough { get; } = new(ProxyOutcome.FellThrough, null, "no handler (Caddy's empty 200)", []);

    /// <summary>For comparing answers before and after an edit: outcome, what, and where.</summary>
    public string Summary => $"{Kind}: {What} @ {Source?.Where}";
}
