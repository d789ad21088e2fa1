using YamlDotNet.Core.Events;

namespace SrvProvisioner.Core.HomeserverConfig.Yaml;

/// <summary>One document of a YAML stream: its root node's first event and its end.</summary>
internal sealed record YamlDocumentInfo(int Index, ParsingEvent? Root, DocumentEnd End);
