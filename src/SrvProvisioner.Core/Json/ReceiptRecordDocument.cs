namespace SrvProvisioner.Core.Json;

/// <summary>What one apply wrote: whether the DNS sets were written, and each config file written.</summary>
public sealed record ReceiptRecordDocument
{
    public bool? DnsWritten { get; init; }

    public IReadOnlyList<ReceiptFileDocument>? Files { get; init; }
}
