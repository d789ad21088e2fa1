namespace SrvProvisioner.Core.Json;

/// <summary>A receipt file: the applied plan's document plus what apply wrote (<see cref="Receipt"/>), for <c>srvprov undo</c>.</summary>
public sealed record ReceiptDocument : PlanDocument
{
    public ReceiptDocument()
    {
    }

    public ReceiptDocument(PlanDocument plan)
        : base(plan)
    {
    }

    /// <summary>Absent in a plan file: then it is not a receipt.</summary>
    public ReceiptRecordDocument? Receipt { get; init; }
}
