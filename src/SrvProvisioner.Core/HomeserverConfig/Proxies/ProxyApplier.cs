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

    /// <summary>nginx, as the nginx tests call it.</summary>
    public static Task<IReadOnlyList<ConfigFileWrite>> ApplyAsync(NginxTree tree, ProxyTreePlan plan, ProxyApplyOptions options, AtomicFileReplacer replacer, CancellationToken cancellationToken) =>
        ApplyAsync(NginxCommands.Instance, tree, plan, options, replacer, cancellationToken);

    /// <summary>Writes the tree's edits; returns each file written with the backup made for it (for the receipt).</summary>
    public static async Task<IReadOnlyList<ConfigFileWrite>> ApplyAsync(IProxyServer server, IProxyTree tree, ProxyTreePlan plan, ProxyApplyOptions options, AtomicFileReplacer replacer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var report = options.Report ?? (_ => { });
        var name = server.Name;
        var check = server.CheckCommand(tree.Root);
        var executable = plan.Tree.HasMainFile ? server.Find(options) : null;
        var backupDirectory = BackupDirectory(tree);
        foreach (var edit in plan.Edits)
        {
            RefuseLoadedScratchFiles(tree, edit.Path, name);
        }

        if (executable is not null)
        {
            var (ok, output) = await server.CheckAsync(executable, tree.Root, options, cancellationToken);
            if (!ok)
            {
                throw new ConfigFileException($"{check} already fails before any edit ({FirstLines(output)}); fix that first. Nothing was changed.");
            }
        }

        var written = new List<ProxyFileEdit>();
        var writes = new List<ConfigFileWrite>();
        try
        {
            foreach (var edit in plan.Edits)
            {
                var backupName = BackupName(tree, edit.Path);
                if (tree.LoadedBy(Path.Combine(backupDirectory, backupName + AtomicFileReplacer.BackupInfix + "20000101T000000Z")) is { } loading)
                {
                    throw new ConfigFileException($"include {loading} would load the backup {Path.Combine(backupDirectory, backupName)}; srvprov never puts a backup where {name} reads it. Narrow that include and run again.");
                }

                var replaced = await ProxyFileWriter.ReplaceAsync(replacer, edit.Path, edit.Before, edit.After, backupDirectory, backupName, cancellationToken);
                written.Add(edit);
                writes.Add(new ConfigFileWrite(edit.Path, replaced.Path, replaced.BackupPath, ConfigFileText.Sha256(edit.After)));
                report($"{edit.Path}: edited; backup at {replaced.BackupPath} (outside every include of the {name} configuration).");
            }
        }
        catch (Exception ex) when (ex is SrvProvisionerException && written.Count > 0)
        {
            await RestoreAsync(replacer, written);
            throw new ConfigFileException($"{ex.Message} The files already written were restored: {string.Join(", ", written.Select(w => w.Path))}.", ex);
        }

        if (executable is null)
        {
            report(plan.Tree.HasMainFile
                ? $"{name} is not installed here: run '{check}' where it runs before reloading."
                : $"No main {name} file is known for {tree.Root}: run '{check}' on the main file before reloading.");
        }
        else
        {
            var (ok, output) = await server.CheckAsync(executable, tree.Root, options, cancellationToken);
            if (!ok)
            {
                await RestoreAsync(replacer, written);
                throw new ConfigFileException($"{check} rejected the edited configuration ({FirstLines(output)}); the original bytes of {string.Join(", ", written.Select(w => w.Path))} were put back. Nothing was changed.");
            }

            report($"{check}: the edited configuration is valid.");
        }

        var command = server.ReloadCommand(tree.Root);
        if (!options.Reload)
        {
            report($"Reload {name} to make the edit live: {command}");
            return writes;
        }

        if (executable is null)
        {
            throw new ConfigFileException($"--reload: {name} is not installed here; the edit is written, reload it where it runs: {command}");
        }

        var (reloaded, reloadOutput) = await server.ReloadAsync(executable, tree.Root, options, cancellationToken);
        if (!reloaded)
        {
            throw new ConfigFileException($"The edit is written and valid, but '{command}' failed ({FirstLines(reloadOutput)}); reload {name} yourself.");
        }

        report($"Reloaded {name} ({command}).");
        return writes;
    }

    /// <summary>The backup directory; refused when an include of the tree would load a backup from it.</summary>
    public static string BackupDirectory(IProxyTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var directory = Path.Combine(Path.GetDirectoryName(tree.Root)!, BackupDirectoryName);
        var loading = tree.LoadedBy(directory) ?? tree.LoadedBy(Path.Combine(directory, "probe"));
        if (loading is not null)
        {
            throw new ConfigFileException($"include {loading} would load srvprov's backups from {directory}; srvprov never puts a backup where the server reads it. Narrow that include and run again.");
        }

        return directory;
    }

    /// <summary>
    /// The replacer keeps a lock file and writes a temporary file beside the file it replaces
    /// (after links); a server whose import glob matches dot files (Caddy uses Go's
    /// filepath.Glob) would load them as configuration, so such a tree is refused before
    /// anything is written.
    /// </summary>
    private static void RefuseLoadedScratchFiles(IProxyTree tree, string path, string name)
    {
        var target = AtomicFileReplacer.ResolveLinks(path);
        var scratch = new[] { FileLock.PathFor(target), Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".srvprov-000000000000.tmp") };
        foreach (var file in scratch)
        {
            if (tree.LoadedBy(file) is { } loading)
            {
                throw new ConfigFileException($"include {loading} would make {name} load srvprov's lock or temporary file {file} beside {target}; narrow that include (e.g. to *.caddy or *.conf) and run again. Nothing was written.");
            }
        }
    }

    private static string BackupName(IProxyTree tree, string path)
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
