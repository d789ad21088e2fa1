namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>One <c>import</c> that was expanded: where it stood, what it named, and the import that pulled its own file in (a chain, for cycle and depth checks).</summary>
internal sealed record CaddyImport(string Where, string Target, CaddyImport? Parent)
{
    public int Depth => Parent is null ? 1 : Parent.Depth + 1;

    public bool Reaches(string target) => Target == target || (Parent?.Reaches(target) ?? false);
}
