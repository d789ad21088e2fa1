namespace SrvProvisioner.Core.Migration.Receipts;

/// <summary>A config file apply wrote: the SHA-256 of the bytes it wrote and the backup of the bytes before.</summary>
public sealed record ReceiptFile(string Path, string Sha256Written, string BackupPath, string Sha256Before);
