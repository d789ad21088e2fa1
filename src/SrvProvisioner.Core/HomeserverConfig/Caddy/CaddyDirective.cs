namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>
/// One directive line of a Caddyfile (after imports are expanded): its tokens, and when it
/// opens a block, the block's directives and its closing brace.
/// </summary>
internal sealed record CaddyDirective(IReadOnlyList<CaddyToken> Tokens, IReadOnlyList<CaddyDirective>? Children, CaddyToken? Close)
{
    public string Name => Tokens[0].Value;

    /// <summary>The arguments on the directive's line, without the block's opening brace.</summary>
    public IReadOnlyList<CaddyToken> Args => Tokens[^1].IsOpen ? Tokens.Skip(1).SkipLast(1).ToList() : Tokens.Skip(1).ToList();

    public CaddyToken First => Tokens[0];

    /// <summary>The last token of the directive: its closing brace, or its last argument.</summary>
    public CaddyToken Last => Close ?? Tokens[^1];

    public string Where => First.Where;

    /// <summary>The directive as written on its line, for messages.</summary>
    public string Text => string.Join(' ', Tokens.Select(t => t.Quoted ? "\"" + t.Value + "\"" : t.Value));

    /// <summary>Every token of the directive, its block included.</summary>
    public IEnumerable<CaddyToken> AllTokens()
    {
        foreach (var token in Tokens)
        {
            yield return token;
        }

        foreach (var child in Children ?? [])
        {
            foreach (var token in child.AllTokens())
            {
                yield return token;
            }
        }

        if (Close is not null)
        {
            yield return Close;
        }
    }
}
