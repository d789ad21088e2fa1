namespace SrvProvisioner.Core.HomeserverConfig.Yaml;

/// <summary>An anchored mapping (<c>&amp;name</c>); <see cref="Path"/> is null when it is not reachable by mapping keys alone (inside a list) or the name is defined twice.</summary>
internal sealed record YamlAnchor(int Document, string Name, IReadOnlyList<string>? Path, long Line);
