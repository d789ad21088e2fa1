namespace SrvProvisioner.Core.HomeserverConfig.Yaml;

/// <summary>
/// A merge key (<c>&lt;&lt;</c>, YAML 1.1 merge type, https://yaml.org/type/merge.html) in the
/// mapping at <see cref="MappingPath"/>: the keys of its sources that the mapping does not set
/// itself take effect in it. PyYAML (Synapse, Ansible) and Go's yaml.v3 (Dendrite) apply it.
/// </summary>
internal sealed record YamlMerge(int Document, IReadOnlyList<string> MappingPath, long Line, IReadOnlyList<YamlMergeSource> Sources);
