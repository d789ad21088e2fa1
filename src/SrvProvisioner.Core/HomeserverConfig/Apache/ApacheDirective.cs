namespace SrvProvisioner.Core.HomeserverConfig.Apache;

/// <summary>
/// One directive of an Apache configuration (after includes are expanded), or a section
/// (<c>&lt;VirtualHost …&gt;</c> … <c>&lt;/VirtualHost&gt;</c>) with its directives. Offsets are
/// characters in <see cref="File"/>: <see cref="Start"/> is the first character of the name,
/// <see cref="End"/> the end of its (continued) line or of the closing tag's line.
/// </summary>
internal sealed record ApacheDirective(string Name, IReadOnlyList<string> Args, ApacheSourceFile File, int Line, int Start, int End, IReadOnlyList<ApacheDirective>? Children)
{
    public bool IsSection => Children is not null;

    public string Where => $"{File.Path}:{Line.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public string Text => IsSection ? $"<{Name} {string.Join(' ', Args)}>" : $"{Name} {string.Join(' ', Args)}".TrimEnd();

    /// <summary>An argument uses <c>${VAR}</c> (Define or the environment): its value is not known here.</summary>
    public bool HasVariable => Args.Any(a => a.Contains("${", StringComparison.Ordinal));

    public bool Is(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ApacheDirective> Named(string name) => (Children ?? []).Where(c => c.Is(name));
}
