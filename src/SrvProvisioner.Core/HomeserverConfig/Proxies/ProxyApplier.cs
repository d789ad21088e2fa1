using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Nginx;
using SrvProvisioner.Core.IO;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>
/// Writes one proxy tree's edits and proves them with the server's own checker: the checker
/// must accept the tree before (else nothing is touched: the problem is not srvprov's) and
/// after the edit; when it rejects the edited tree, every written file gets its original bytes
/// back and apply fails. The server is reloaded only when asked (<c>--reload</c>); otherwise
/// the reload command is reported.
/// </summary>
internal static class ProxyApplier
{
    /// <summary>Where backups go: a directory of their own beside the main file, hidden from include globs (a wildcard never matches a leading dot).</summary>
    public const string BackupDirectoryName = ".srvprov-backups";

    public static async Task ApplyAsync(NginxTree tree, ProxyTreePlan plan, ProxyApplyOptions options, AtomicFileReplacer replacer, CancellationToken cancellationToken)
    {
        var report = options.Report ?? (_ => { });
        var nginx = plan.Tree.HasMainFile ? NginxCommands.Find(options.NginxPath) : null;
        if (nginx is not null)
        {
            var (ok, output) = await NginxCommands.TestAsync(nginx, tree.Root, cancellationToken);
            if (!ok)
            {
                throw new ConfigFileException($"nginx -t -c {tree.Root} already fails before any edit ({FirstLines(output)}); fix that first. Nothing was changed.");
            }
        }

        var backupDirectory = BackupDirectory(tree);
        var written = new List<ProxyFileEdit>();
        try
        {
            foreach (var edit in plan.Edits)
            {
                var name = BackupName(tree, edit.Path);
                if (tree.IncludePatterns.FirstOrDefault(p => NginxGlob.Matches(p, Path.Combine(backupDirectory, name + AtomicFileReplacer.BackupInfix + "20000101T000000Z"))) is { } loading)
                {
                    throw new ConfigFileException($"include {loading} would load the backup {Path.Combine(backupDirectory, name)}; srvprov never puts a backup where nginx reads it. Narrow that include and run again.");
                }

                var backup = await ProxyFileWriter.ReplaceAsync(replacer, edit.Path, edit.Before, edit.After, backupDirectory, name, cancellationToken);
                written.Add(edit);
                report($"{edit.Path}: edited; backup at {backup} (outside every include of the nginx configuration).");
            }
        }
        catch (Exception ex) when (ex is SrvProvisionerException && written.Count > 0)
        {
            await RestoreAsync(replacer, written);
            throw new ConfigFileException($"{ex.Message} The files already written were restored: {string.Join(", ", written.Select(w => w.Path))}.", ex);
        }

        if (nginx is null)
        {
            report(plan.Tree.HasMainFile
                ? "nginx is not installed here: run 'nginx -t' where it runs before reloading."
                : $"No main nginx file is known for {tree.Root}: run 'nginx -t' before reloading.");
        }
        else
        {
            var (ok, output) = await NginxCommands.TestAsync(nginx, tree.Root, cancellationToken);
            if (!ok)
            {
                await RestoreAsync(replacer, written);
                throw new ConfigFileException($"nginx -t -c {tree.Root} rejected the edited configuration ({FirstLines(output)}); the original bytes of {string.Join(", ", written.Select(w => w.Path))} were put back. Nothing was changed.");
            }

            report($"nginx -t -c {tree.Root}: the edited configuration is valid.");
        }

        var command = NginxCommands.ReloadCommand(tree.Root);
        if (!options.Reload)
        {
            report($"Reload nginx to make the edit live: {command}");
            return;
        }

        if (nginx is null)
        {
            throw new ConfigFileException($"--reload: nginx is not installed here; the edit is written, reload it where it runs: {command}");
        }

        var (reloaded, reloadOutput) = await NginxCommands.ReloadAsync(nginx, tree.Root, cancellationToken);
        if (!reloaded)
        {
            throw new ConfigFileException($"The edit is written and valid, but '{command}' failed ({FirstLines(reloadOutput)}); reload nginx yourself.");
        }

        report($"Reloaded nginx ({command}).");
    }

    /// <summary>The backup directory; refused when an include of the tree would load a backup from it.</summary>
    public static string BackupDirectory(NginxTree tree)
    {
        var directory = Path.Combine(Path.GetDirectoryName(tree.Root)!, BackupDirectoryName);
        var probe = Path.Combine(directory, "probe");
        var loading = tree.IncludePatterns.FirstOrDefault(p => NginxGlob.Matches(p, probe) || p.StartsWith(directory + "/", StringComparison.Ordinal));
        if (loading is not null)
        {
            throw new ConfigFileException($"include {loading} would load srvprov's backups from {directory}; srvprov never puts a backup where nginx reads it. Narrow that include and run again.");
        }

        return directory;
    }

    private static string BackupName(NginxTree tree, string path)
    {
        var relative = Path.GetRelativePath(Path.GetDirectoryName(tree.Root)!, path);
        if (relative.StartsWith("..", StringComparison.Ordinal))
        {
            relative = path.TrimStart('/');
        }

        return relative.Replace('/', '_');
    }

    /// <summary>Puts the original bytes back. Deliberately not cancellable: stopping halfway would leave a file edited.</summary>
    private static async Task RestoreAsync(AtomicFileReplacer replacer, IReadOnlyList<ProxyFileEdit> written)
    {
        foreach (var edit in written)
        {
            await ProxyFileWriter.ReplaceAsync(replacer, edit.Path, edit.After, edit.Before, null, string.Empty, CancellationToken.None);
        }
    }

    private static string FirstLines(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no output" : string.Join(" | ", lines.Take(3));
    }
}
