using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.IO;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Migration.Receipts;

/// <summary>
/// Reverses a receipt conditionally: a config file only while it is byte-identical to what
/// apply wrote (its backup restored through the atomic replacer), a DNS set only while it
/// still holds what apply wrote (the provider's conditional write). Files first: putting the
/// well-known back makes the old path live again before the SRV records go.
/// </summary>
public sealed class UndoService(IDnsProvider provider)
{
    public async Task<IReadOnlyList<UndoItem>> UndoAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var items = new List<UndoItem>();
        foreach (var file in receipt.Files)
        {
            items.Add(await RestoreFileAsync(file, cancellationToken));
        }

        if (receipt.DnsWritten)
        {
            foreach (var change in receipt.Plan.DnsChanges)
            {
                var what = $"{change.Key.Name.Fqdn} {change.Key.Type.ToMnemonic()}";
                try
                {
                    await provider.ApplyAsync(receipt.Plan.Zone, [new RecordSetChange(change.After, change.Before)], cancellationToken);
                    items.Add(new UndoItem(what, true, change.Before is null ? "removed again" : $"restored to {string.Join(", ", change.Before.Values)}"));
                }
                catch (StalePlanException ex)
                {
                    items.Add(new UndoItem(what, false, $"not restored: it changed since apply ({ex.Message})"));
                }
            }
        }

        return items;
    }

    private static async Task<UndoItem> RestoreFileAsync(ReceiptFile file, CancellationToken cancellationToken)
    {
        byte[] before;
        try
        {
            before = await InputFile.ReadAllBytesAsync(file.BackupPath, InputKind.ConfigFile, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new UndoItem(file.Path, false, $"not restored: its backup {file.BackupPath} cannot be read ({ex.Message})");
        }

        if (!string.Equals(ConfigFileText.Sha256(before), file.Sha256Before, StringComparison.OrdinalIgnoreCase))
        {
            return new UndoItem(file.Path, false, $"not restored: its backup {file.BackupPath} is not what apply saved");
        }

        try
        {
            var replaced = await AtomicFileReplacer.Default.EditAsync(
                file.Path,
                InputKind.ConfigFile,
                current => string.Equals(ConfigFileText.Sha256(current), file.Sha256Written, StringComparison.OrdinalIgnoreCase)
                    ? before
                    : throw new StalePlanException($"{file.Path} changed since apply"),
                cancellationToken);
            return new UndoItem(file.Path, true, $"restored from {file.BackupPath} (the undone version is kept as {replaced.BackupPath})");
        }
        catch (StalePlanException)
        {
            return new UndoItem(file.Path, false, "not restored: it changed since apply (not byte-identical to what apply wrote)");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new UndoItem(file.Path, false, $"not restored: {ex.Message}");
        }
    }
}
