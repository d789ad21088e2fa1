using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SrvProvisioner.Core.HomeserverConfig.Yaml;

/// <summary>
/// One key of a mapping with its value's parser event. <see cref="Path"/> is the chain of
/// mapping keys from the document root (entries under sequences are not indexed).
/// <see cref="ValueEnd"/> is exact for scalars and aliases (YamlDotNet's end mark is the index
/// just after the value).
/// </summary>
internal sealed record YamlEntry(
    IReadOnlyList<string> Path,
    int Document,
    Scalar Key,
    ParsingEvent Value,
    Mark ValueEnd,
    bool InFlowMapping)
{
    public string DottedPath => string.Join('.', Path);

    public Scalar? ScalarValue => Value as Scalar;
}
