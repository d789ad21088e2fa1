namespace SrvProvisioner.Core.Json;

/// <summary>A finding of plan or verify.</summary>
public sealed record FindingDocument
{
    /// <summary><c>error</c>, <c>warning</c> or <c>info</c>.</summary>
    public string? Severity { get; init; }

    /// <summary>Stable, kebab-case.</summary>
    public string? Code { get; init; }

    public string? Message { get; init; }

    /// <summary>Present (true) only when the finding stops apply.</summary>
    public bool? BlocksApply { get; init; }
}
