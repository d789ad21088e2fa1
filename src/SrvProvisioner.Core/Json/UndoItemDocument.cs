namespace SrvProvisioner.Core.Json;

/// <summary>One item of an undo: what it is, <c>restored</c> or <c>refused</c>, and why.</summary>
public sealed record UndoItemDocument
{
    public string? What { get; init; }

    public string? Status { get; init; }

    public string? Detail { get; init; }
}
