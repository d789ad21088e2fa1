using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.IO;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.Migration.Receipts;

/// <summary>
/// A receipt is the applied plan's JSON document (provider settings, never secrets) plus a
/// <c>receipt</c> object: whether the DNS sets were written, and each written config file with
/// the hash of what apply wrote and its backup. Written privately (0600), never over an input.
/// </summary>
public static class ReceiptJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

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
        var root = PlanJson.ToJson(receipt.Plan);
        root["receipt"] = new JsonObject
        {
            ["dnsWritten"] = receipt.DnsWritten,
            ["files"] = new JsonArray([.. receipt.Files.Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f.Path,
                ["sha256Written"] = f.Sha256Written,
                ["backup"] = f.BackupPath,
                ["sha256Before"] = f.Sha256Before,
            })]),
        };
        return root.ToJsonString(Indented);
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

        var plan = PlanJson.Deserialize(json, path);
        try
        {
            var node = JsonNode.Parse(json)!["receipt"]?.AsObject() ?? throw new InvalidInputException($"{path} is a plan, not a receipt: undo takes the receipt apply wrote.");
            var files = node["files"]!.AsArray().Select(n => new ReceiptFile(
                n!["path"]!.GetValue<string>(),
                n["sha256Written"]!.GetValue<string>(),
                n["backup"]!.GetValue<string>(),
                n["sha256Before"]!.GetValue<string>())).ToList();

            // A receipt can only restore what its plan changed: the files of its plan.
            foreach (var file in files.Where(f => !plan.ConfigFiles.Any(p => AtomicFileReplacer.ResolveLinks(p.Path) == f.Path || p.Path == f.Path)))
            {
                throw new InvalidInputException($"{path} names {file.Path}, which its plan did not change: not a receipt srvprov wrote.");
            }

            return new Receipt(plan, node["dnsWritten"]!.GetValue<bool>(), files);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new InvalidInputException($"{path} is not a readable srvprov receipt ({ex.Message}).", ex);
        }
    }
}
