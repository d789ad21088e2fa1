namespace SrvProvisioner.Core.Json;

/// <summary>A homeserver config file as plan read it: apply refuses it when its SHA-256 changed.</summary>
public sealed record ConfigFileDocument
{
    public string? Path { get; init; }

    /// <summary>The config kind's name, e.g. <c>synapse</c>.</summary>
    public string? Kind { get; init; }

    public string? Sha256 { get; init; }

    /// <summary>The unified diff shown to the reviewer.</summary>
    public string? Diff { get; init; }

    /// <summary>For a configuration tree (nginx with its includes): what plan read of it; absent for a single file.</summary>
    public ConfigTreeDocument? Tree { get; init; }
}
