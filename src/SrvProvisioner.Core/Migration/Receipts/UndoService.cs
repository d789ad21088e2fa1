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
            var zone = receipt.Plan.Zone;
            var current = await provider.GetRecordSetsAsync(zone, [.. receipt.Plan.DnsChanges.Select(c => c.Key)], cancellationToken);
            foreach (var change in receipt.Plan.DnsChanges)
            {
                var what = $"{change.Key.Name.Fqdn} {change.Key.Type.ToMnemonic()}";
                var now = current.FirstOrDefault(s => s.Key == change.Key);
                if (!Holds(change.After, now))
                {
                    items.Add(new UndoItem(what, false, $"not restored: it changed since apply (apply wrote {Describe(change.After)}, it now holds {Describe(now)}); look at it by hand"));
                    continue;
                }

                try
                {
                    // Conditional on the set as just read: its version (Azure's ETag, Route 53's
                    // exact records, RFC 2136 prerequisites) is what apply wrote, so a change in
                    // between fails the write (412, prerequisite failure) instead of being undone.
                    await provider.ApplyAsync(zone, [new RecordSetChange(now, change.Before)], cancellationToken);
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

    /// <summary>The set still holds what apply wrote: the same records and TTL (or still absent).</summary>
    private static bool Holds(RecordSet? written, RecordSet? now) => (written, now) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        var (w, n) => w.Matches(n),
    };

    private static string Describe(RecordSet? set) => set is null ? "nothing" : string.Join(", ", set.Values);

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
