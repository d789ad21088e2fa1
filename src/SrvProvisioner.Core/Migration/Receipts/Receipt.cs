using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Migration.Receipts;

/// <summary>
/// What one apply changed, for <c>srvprov undo</c>: the applied plan (provider settings
/// without secrets, zone, each DNS set before and after) and which of its parts were
/// written: the DNS sets (<see cref="DnsWritten"/>) and the config files with their backups.
/// </summary>
public sealed record Receipt(Plan Plan, bool DnsWritten, IReadOnlyList<ReceiptFile> Files);
