using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Editing;
using SrvProvisioner.Core.HomeserverConfig.Proxies;
using SrvProvisioner.Core.IO;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>
/// Plans and applies the edits that stop homeserver and playbook configs from serving a
/// <c>/.well-known/matrix/server</c> that would take precedence over the SRV records
/// (Matrix server-server API, "Resolving server names", step 3 before step 4).
/// Every edit goes through the file's parser to find the exact span; all other bytes stay.
/// </summary>
public sealed class ConfigPlanner : IConfigPlanner
{
    private readonly TimeProvider _time;
    private readonly AtomicFileReplacer _replacer;
    private readonly ProxyApplyOptions _proxyOptions;

    public ConfigPlanner()
        : this(TimeProvider.System)
    {
    }

    public ConfigPlanner(TimeProvider time, ProxyApplyOptions? proxyOptions = null)
    {
        _time = time;
        _replacer = new AtomicFileReplacer(time, AtomicFileReplacer.DefaultLockWait);
        _proxyOptions = proxyOptions ?? new ProxyApplyOptions();
    }

    public async Task<ConfigPlanResult> PlanAsync(DnsName serverName, IReadOnlyList<ConfigFileRequest> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        ArgumentNullException.ThrowIfNull(files);
        var plans = new List<ConfigFilePlan>();
        var findings = new List<Finding>();
        var serving = new List<WellKnownServingLocation>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var request in files)
        {
            // Two --config names of one file would be edited twice, the second edit's backup
            // replacing the first's view of the file.
            var real = AtomicFileReplacer.ResolveLinks(request.Path);
            if (!seen.TryAdd(real, request.Path))
            {
                throw new ConfigFileException($"--config {request.Path} and --config {seen[real]} are the same file ({real}); give it once.");
            }

            var forced = string.IsNullOrWhiteSpace(request.Kind) ? (ConfigKind?)null : ConfigKinds.Parse(request.Kind);
            var bytes = await ReadAsync(request.Path, cancellationToken);
            var kind = forced ?? DetectProxy(request.Path, bytes);
            if (kind is { } proxyKind && ProxyPlanner.IsProxy(proxyKind))
            {
                kind = proxyKind;
                var proxy = ProxyPlanner.Plan(proxyKind, request.Path, request.NginxPrefix, serverName);
                plans.AddRange(ProxyPlanner.ToFilePlans(proxyKind, request.Path, bytes, proxy).Where(p => plans.All(known => known.Path != p.Path)));
                findings.AddRange(proxy.Findings);
                serving.AddRange(proxy.Serving.Where(l => !serving.Contains(l)));
                continue;
            }

            var analysis = ConfigAnalyzer.Analyze(request.Path, bytes, forced, serverName);
            plans.Add(new ConfigFilePlan(Path.GetFullPath(request.Path), analysis.Kind.Name(), analysis.Sha256, analysis.Changes) { Diff = analysis.Diff });
            findings.AddRange(analysis.Findings);
        }

        return new ConfigPlanResult(plans, findings) { Serving = serving };
    }

    public async Task VerifyUnchangedAsync(IReadOnlyList<ConfigFilePlan> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var group in files.Where(f => f.Tree is not null).GroupBy(f => f.Tree!))
        {
            if (ProxyPlanner.CurrentSha(ConfigKinds.Parse(group.First().Kind), group.Key) != group.Key.Sha256)
            {
                throw StaleTree(group.Key);
            }
        }

        foreach (var file in files.Where(f => f.Tree is null))
        {
            var bytes = await ReadAsync(file.Path, cancellationToken);
            if (!string.Equals(ConfigFileText.Sha256(bytes), file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw Stale(file.Path);
            }

            if (file.Changes.Count > 0)
            {
                try
                {
                    await _replacer.CheckCanEditAsync(file.Path, InputKind.ConfigFile, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new ConfigFileException($"Cannot write {file.Path}: {ex.Message}; nothing was applied.", ex);
                }
            }
        }
    }

    public async Task<IReadOnlyList<ConfigFileWrite>> ApplyAsync(DnsName serverName, IReadOnlyList<ConfigFilePlan> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        ArgumentNullException.ThrowIfNull(files);

        // Everything is recomputed and checked before the first file is written.
        var writes = new List<(ConfigFilePlan Plan, byte[] Before, byte[] After)>();
        var proxies = new List<(IProxyServer Server, IProxyTree Tree, ProxyTreePlan Plan)>();
        foreach (var group in files.Where(f => f.Changes.Count > 0 && f.Tree is not null).GroupBy(f => f.Tree!))
        {
            var kind = ConfigKinds.Parse(group.First().Kind);
            var (plan, tree) = ProxyPlanner.Replan(kind, group.Key, serverName);
            if (tree.Sha256 != group.Key.Sha256)
            {
                throw StaleTree(group.Key);
            }

            var planned = group.ToDictionary(f => f.Path, f => f.Changes);
            var same = plan.Edits.Count == planned.Count && plan.Edits.All(e => planned.TryGetValue(e.Path, out var c) && c.SequenceEqual(e.Changes) && e.Sha256 == group.First(f => f.Path == e.Path).Sha256);
            if (!same)
            {
                throw new StalePlanException($"{group.Key.Root}: the plan's changes are not what srvprov {ThisVersion} computes for the same configuration; nothing was applied. Run plan again and review the new plan.");
            }

            proxies.Add((ProxyPlanner.Server(kind), tree, plan));
        }

        foreach (var file in files.Where(f => f.Changes.Count > 0 && f.Tree is null))
        {
            var bytes = await ReadAsync(file.Path, cancellationToken);
            if (!string.Equals(ConfigFileText.Sha256(bytes), file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw Stale(file.Path);
            }

            var analysis = ConfigAnalyzer.Analyze(file.Path, bytes, ConfigKinds.Parse(file.Kind), serverName);
            if (!analysis.Changes.SequenceEqual(file.Changes))
            {
                throw new StalePlanException($"{file.Path}: the plan's changes are not what srvprov {ThisVersion} computes for the same bytes; nothing was applied. Run plan again and review the new plan.");
            }

            writes.Add((file, bytes, analysis.After));
        }

        var written = new List<ConfigFileWrite>();
        foreach (var (plan, before, after) in writes)
        {
            try
            {
                // The lock is taken per file; its bytes must still be the plan's bytes.
                var replaced = await _replacer.EditAsync(plan.Path, InputKind.ConfigFile, current => current.AsSpan().SequenceEqual(before) ? after : throw Stale(plan.Path), cancellationToken);
                written.Add(new ConfigFileWrite(plan.Path, replaced.Path, replaced.BackupPath, ConfigFileText.Sha256(after)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigFileException($"Cannot write {plan.Path}: {ex.Message}; it was left unchanged.", ex);
            }
        }

        foreach (var (server, tree, plan) in proxies)
        {
            written.AddRange(await ProxyApplier.ApplyAsync(server, tree, plan, _proxyOptions, _replacer, cancellationToken));
        }

        return written;
    }

    /// <summary>A reverse proxy kind when the file is one; anything else (or undetectable) is left to the single-file analyzer and its own errors.</summary>
    private static ConfigKind? DetectProxy(string path, byte[] bytes)
    {
        try
        {
            var kind = ConfigKindDetector.Detect(ConfigFileText.Decode(path, bytes));
            return ProxyPlanner.IsProxy(kind) ? kind : null;
        }
        catch (ConfigFileException)
        {
            return null;
        }
    }

    private static StalePlanException StaleTree(ConfigTree tree) =>
        new($"{tree.Root} or a file it includes changed since plan (edited, added or removed); nothing was applied. Run plan again and review the new plan.");

    private static string ThisVersion => typeof(ConfigPlanner).Assembly.GetName().Version?.ToString() ?? "this build";

    private static StalePlanException Stale(string path) =>
        new($"{path} changed since plan; nothing was applied. Run plan again and review the new plan.");

    private static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await InputFile.ReadAllBytesAsync(path, InputKind.ConfigFile, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigFileException($"Cannot read config file {path}: {ex.Message} Check the path given with --config.", ex);
        }
    }
}
