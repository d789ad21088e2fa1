namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// A directive as written in one file: <c>name args;</c> or <c>name args { children }</c>.
/// <see cref="Start"/> is the first character of the name, <see cref="End"/> is just after the
/// <c>;</c> or the closing <c>}</c>; <see cref="Children"/> is null for a simple directive.
/// </summary>
internal sealed record NginxDirective(string Name, IReadOnlyList<NginxArgument> Args, int Start, int End, int Line, IReadOnlyList<NginxDirective>? Children)
{
    /// <summary>Offset of the block's <c>{</c>; -1 for a simple directive.</summary>
    public int BlockOpen { get; init; } = -1;

    public bool IsBlock => Children is not null;

    public string Arg(int index) => index < Args.Count ? Args[index].Value : string.Empty;
}
