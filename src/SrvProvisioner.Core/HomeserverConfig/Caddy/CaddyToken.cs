namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>
/// One Caddyfile token: its value (quotes removed), where it is in its file (character
/// offsets for edits, 1-based line for findings), whether it was quoted (a quoted <c>{</c> is
/// not a brace), and how it got into the expanded configuration (<see cref="Via"/>: the import
/// that pulled it in, null when read directly from the main file).
/// </summary>
internal sealed record CaddyToken(string Value, CaddySourceFile File, int Line, int Start, int End, bool Quoted)
{
    public CaddyImport? Via { get; init; }

    /// <summary>The snippet it was copied from, when it came through <c>import &lt;snippet&gt;</c>.</summary>
    public string? Snippet { get; init; }

    public bool IsOpen => !Quoted && Value == "{";

    public bool IsClose => !Quoted && Value == "}";

    /// <summary>An environment variable (<c>{$NAME}</c>, replaced by Caddy before parsing) or a placeholder: its value is not known here.</summary>
    public bool HasVariable => Value.Contains("{$", StringComparison.Ordinal) || (Value.Contains('{', StringComparison.Ordinal) && Value.Contains('}', StringComparison.Ordinal) && !IsOpen && !IsClose);

    public string Where => $"{File.Path}:{Line.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Same file and line: Caddy's test for "the same directive line".</summary>
    public bool SameLine(CaddyToken other) => ReferenceEquals(File, other.File) && Line == other.Line && Snippet == other.Snippet && ReferenceEquals(Via, other.Via);
}
