namespace SrvProvisioner.Core.Json;

/// <summary><c>undo --format json</c>: the server name and each item undo looked at, in order.</summary>
public sealed record UndoDocument
{
    public string? ServerName { get; init; }

    public IReadOnlyList<UndoItemDocument>? Items { get; init; }
}
