namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>One site block: its addresses (the keys before the brace) and its directives.</summary>
internal sealed record CaddySite(IReadOnlyList<CaddyToken> Keys, IReadOnlyList<CaddyDirective> Body, CaddyToken? Open, CaddyToken? Close)
{
    public string Where => Keys[0].Where;

    public string Label => string.Join(", ", Keys.Select(k => k.Value.TrimEnd(',')));
}
