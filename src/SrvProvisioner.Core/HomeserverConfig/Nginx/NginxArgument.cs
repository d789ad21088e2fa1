namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// One word of a directive: <see cref="Value"/> with quotes removed and escapes resolved (what
/// nginx sees), <see cref="Start"/>/<see cref="End"/> the span of its source text.
/// </summary>
internal sealed record NginxArgument(string Value, int Start, int End, bool Quoted)
{
    /// <summary>The word holds a variable (<c>$uri</c>, <c>${host}</c>): its value is known only per request.</summary>
    public bool HasVariable => Value.Contains('$', StringComparison.Ordinal);
}
