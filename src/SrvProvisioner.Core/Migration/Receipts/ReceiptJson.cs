using System.Text;
using System.Text.Json;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
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
    /// <summary>The receipt of <paramref name="plan"/> after <paramref name="outcome"/>: finds each written file's backup (the copy whose bytes the plan read).</summary>
    public static async Task<Receipt> CollectAsync(Plan plan, MigrationOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outcome);
        var files = new List<ReceiptFile>();
        if (outcome.ConfigWritten)
        {
            foreach (var file in plan.ConfigFiles.Where(f => f.Changes.Count > 0))
            {
                var target = AtomicFileReplacer.ResolveLinks(file.Path);
                var written = ConfigFileText.Sha256(await InputFile.ReadAllBytesAsync(target, InputKind.ConfigFile, cancellationToken));
                var backup = BackupCandidates(file, target)
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .FirstOrDefault(b => string.Equals(ConfigFileText.Sha256(File.ReadAllBytes(b)), file.Sha256, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ConfigFileException($"The backup of {file.Path} is missing (looked beside it{(file.Tree is null ? "" : " and in the proxy tree's " + ProxyApplier.BackupDirectoryName)}); the receipt cannot restore it.");
                files.Add(new ReceiptFile(target, written, backup, file.Sha256));
            }
        }

        return new Receipt(plan, outcome.DnsWritten, files);
    }

    /// <summary>
    /// Where apply put <paramref name="file"/>'s backup: beside it, or for a proxy file in its
    /// tree's own backup directory (kept out of the server's include globs, see
    /// <see cref="ProxyApplier.BackupDirectoryName"/>). The caller picks the copy whose bytes the plan read.
    /// </summary>
    private static IEnumerable<string> BackupCandidates(ConfigFilePlan file, string target)
    {
        var beside = Directory.GetFiles(Path.GetDirectoryName(target)!, Path.GetFileName(target) + AtomicFileReplacer.BackupInfix + "*");
        if (file.Tree is null)
        {
            return beside;
        }

        var proxyBackups = Path.Combine(Path.GetDirectoryName(file.Tree.Root)!, ProxyApplier.BackupDirectoryName);
        return Directory.Exists(proxyBackups)
            ? beside.Concat(Directory.GetFiles(proxyBackups, "*" + AtomicFileReplacer.BackupInfix + "*"))
            : beside;
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
            await AtomicFileReplacer.Default.WriteOutputAsync(path, "receipt", new UTF8Encoding(false).GetBytes(Serialize(receipt) + "\n"), inputs, cancellationToken);
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
