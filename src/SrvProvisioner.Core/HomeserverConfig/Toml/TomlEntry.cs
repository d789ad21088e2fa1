using Tomlyn.Syntax;

namespace SrvProvisioner.Core.HomeserverConfig.Toml;

/// <summary>A key-value of a TOML file with its full dotted path (table name + key).</summary>
internal sealed record TomlEntry(IReadOnlyList<string> Path, KeyValueSyntax KeyValue)
{
    public string DottedPath => string.Join('.', Path);

    public ValueSyntax Value => KeyValue.Value!;
}
