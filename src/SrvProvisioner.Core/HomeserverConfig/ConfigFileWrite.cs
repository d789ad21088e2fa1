namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>
/// One config file apply wrote, as the writer saw it at write time: the plan's path, the file
/// actually replaced (after links), the backup the replacer created for it, and the SHA-256
/// of the bytes written. Receipts are made from these, never by searching for backups later.
/// </summary>
public sealed record ConfigFileWrite(string PlannedPath, string Path, string? BackupPath, string Sha256Written);
