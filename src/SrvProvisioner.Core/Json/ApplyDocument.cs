namespace SrvProvisioner.Core.Json;

/// <summary><c>apply --format json</c>: the applied plan's document (with its stages) and where the receipt went.</summary>
public sealed record ApplyDocument : PlanDocument
{
    public ApplyDocument()
    {
    }

    public ApplyDocument(PlanDocument plan)
        : base(plan)
    {
    }

    /// <summary>Where the receipt for <c>srvprov undo</c> was written; absent when nothing was written or no receipt could be.</summary>
    public string? Receipt { get; init; }
}
