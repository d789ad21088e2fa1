using System.Text;
using System.Text.Json;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.IO;
using SrvProvisioner.Core.Json;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Migration.Receipts;

/// <summary>
/// A receipt is the applied plan's JSON document (provider settings, never secrets) plus a
/// <c>receipt</c> object: whether the DNS sets were written, and each written config file with
/// the hash of what apply wrote and its backup. Written privately (0600), never over an input.
/// </summary>
public static class ReceiptJson
{
    /// <summary>
    /// The receipt of <paramref name="plan"/> after <paramref name="outcome"/>: each written
    /// file with the backup the replacer made for it and the hash of the bytes written, as
    /// recorded at write time (never found by searching afterwards: another run's backup of the
    /// same file, or a planted one, must not become what undo restores).
    /// </summary>
    public static Receipt Collect(Plan plan, MigrationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outcome);
        var files = new List<ReceiptFile>();
        if (outcome.ConfigWritten)
        {
            foreach (var file in plan.ConfigFiles.Where(f => f.Changes.Count > 0))
            {
                var write = outcome.WrittenFiles.FirstOrDefault(w => w.PlannedPath == file.Path)
                    ?? throw new ConfigFileException($"{file.Path} was planned but not reported as written; the receipt cannot restore it.");
                var backup = write.BackupPath
                    ?? throw new ConfigFileException($"{file.Path} was written without a backup; the receipt cannot restore it.");
                files.Add(new ReceiptFile(write.Path, write.Sha256Written, backup, file.Sha256));
            }
        }

        return new Receipt(plan, outcome.DnsWritten, files);
    }

    /// <summary>
    /// Refuses, before apply writes anything, a receipt path that is an input of the run, a
    /// link, a directory, a FIFO, a device or a socket, or lies in a missing directory.
    /// </summary>
    public static void CheckPath(string path, IReadOnlyList<string> inputs)
    {
        try
        {
            AtomicFileReplacer.CheckOutput(path, "receipt", inputs);
        }
        catch (FileSafetyException ex)
        {
            throw new InvalidInputException($"--receipt: {ex.Message} Nothing was applied.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"--receipt {path}: {ex.Message}; nothing was applied.", ex);
        }
    }

    public static string Serialize(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var document = new ReceiptDocument(PlanJson.ToDocument(receipt.Plan))
        {
            Receipt = new ReceiptRecordDocument
            {
                DnsWritten = receipt.DnsWritten,
                Files = [.. receipt.Files.Select(f => new ReceiptFileDocument { Path = f.Path, Sha256Written = f.Sha256Written, Backup = f.BackupPath, Sha256Before = f.Sha256Before })],
            },
        };
        return SrvprovJson.Serialize(document, c => c.ReceiptDocument);
    }

    public static async Task WriteAsync(Receipt receipt, string path, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        try
        {
            await AtomicFileReplacer.Default.WriteOutputAsync(path, "receipt", new UTF8Encoding(false).GetBytes(Serialize(receipt) + "\n"), inputs, followLinks: false, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Cannot write receipt {path}: {ex.Message}", ex);
        }
    }

    public static async Task<Receipt> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = Encoding.UTF8.GetString(await InputFile.ReadAllBytesAsync(path, InputKind.PlanFile, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"Cannot read receipt {path}: {ex.Message}", ex);
        }

        ReceiptDocument document;
        try
        {
            document = SrvprovJson.Deserialize(json, c => c.ReceiptDocument) ?? throw new JsonException("empty document");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new InvalidInputException($"{path} is not a readable srvprov receipt ({ex.Message}).", ex);
        }

        var plan = PlanJson.FromDocument(document, path);
        var record = document.Receipt ?? throw new InvalidInputException($"{path} is a plan, not a receipt: undo takes the receipt apply wrote.");
        try
        {
            var files = Need(record.Files, "receipt.files").Select(f => new ReceiptFile(
                Need(Need(f, "receipt.files[]").Path, "receipt.files[].path"),
                Need(f.Sha256Written, "receipt.files[].sha256Written"),
                Need(f.Backup, "receipt.files[].backup"),
                Need(f.Sha256Before, "receipt.files[].sha256Before"))).ToList();

            // A receipt can only restore what its plan changed: the files of its plan.
            foreach (var file in files.Where(f => !plan.ConfigFiles.Any(p => AtomicFileReplacer.ResolveLinks(p.Path) == f.Path || p.Path == f.Path)))
            {
                throw new InvalidInputException($"{path} names {file.Path}, which its plan did not change: not a receipt srvprov wrote.");
            }

            return new Receipt(plan, record.DnsWritten ?? throw new JsonException("'receipt.dnsWritten' is missing"), files);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"{path} is not a readable srvprov receipt ({ex.Message}).", ex);
        }
    }

    private static T Need<T>(T? value, string key)
        where T : class =>
        value ?? throw new JsonException($"'{key}' is missing");
}
