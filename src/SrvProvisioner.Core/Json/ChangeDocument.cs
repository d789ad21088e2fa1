using System.Text.Json.Serialization;

namespace SrvProvisioner.Core.Json;

/// <summary>One planned change; <c>kind</c> says which: <c>dns</c> or <c>config</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(DnsChangeDocument), "dns")]
[JsonDerivedType(typeof(ConfigChangeDocument), "config")]
public abstract record ChangeDocument
{
    /// <summary><c>create</c>, <c>update</c> or <c>delete</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string? Action { get; init; }
}
