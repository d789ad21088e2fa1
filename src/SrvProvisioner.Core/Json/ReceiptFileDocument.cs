namespace SrvProvisioner.Core.Json;

/// <summary>A config file apply wrote: the SHA-256 (hex) of the bytes written, and its backup with the SHA-256 of the bytes before.</summary>
public sealed record ReceiptFileDocument
{
    public string? Path { get; init; }

    public string? Sha256Written { get; init; }

    public string? Backup { get; init; }

    public string? Sha256Before { get; init; }
}
