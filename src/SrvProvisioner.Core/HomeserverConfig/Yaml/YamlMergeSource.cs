namespace SrvProvisioner.Core.HomeserverConfig.Yaml;

/// <summary>
/// One mapping a merge key brings in: an alias (<see cref="Anchor"/>) or an inline mapping
/// (<see cref="InlinePath"/>, its keys indexed under the <c>&lt;&lt;</c> key); both null when it
/// is something srvprov cannot follow (an alias to a mapping inside a list, a scalar).
/// </summary>
internal sealed record YamlMergeSource(string? Anchor, IReadOnlyList<string>? InlinePath);
