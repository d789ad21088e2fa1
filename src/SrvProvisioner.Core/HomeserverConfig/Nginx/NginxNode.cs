namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// A directive in the configuration as nginx assembles it: <c>include</c>s replaced by the
/// directives of the files they load, each still knowing its own file and span.
/// </summary>
internal sealed record NginxNode(NginxDirective Directive, NginxSourceFile File, IReadOnlyList<NginxNode>? Children)
{
    /// <summary>An <c>include</c> was among this block's own directives (its content is spliced into <see cref="Children"/>).</summary>
    public bool HasInclude { get; init; }

    public string Name => Directive.Name;

    public string Where => File.Where(Directive);

    public IEnumerable<NginxNode> Named(string name) =>
        (Children ?? []).Where(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public NginxNode? Last(string name) => Named(name).LastOrDefault();
}
