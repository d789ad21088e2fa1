namespace SrvProvisioner.Core.Json;

/// <summary>A configuration tree as plan read it (nginx and its includes): apply refuses it when its SHA-256 changed.</summary>
public sealed record ConfigTreeDocument
{
    public string? Root { get; init; }

    public string? ConfDirectory { get; init; }

    public string? Sha256 { get; init; }

    public bool? HasMainFile { get; init; }
}
