using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SrvProvisioner.Core.Json;

/// <summary>
/// A homeserver config setting change. <see cref="Before"/> and <see cref="After"/> are JSON
/// values of the file's own type, or <c>null</c> when the key is absent: the one place a
/// document carries a null member, because the design gives null that meaning.
/// </summary>
public sealed record ConfigChangeDocument : ChangeDocument
{
    public string? Path { get; init; }

    /// <summary>The key's dotted path as the file names it.</summary>
    public string? Setting { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonNode? Before { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public JsonNode? After { get; init; }
}
