using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Editing;
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
    private readonly AtomicFileReplacer _replacer;

    public ConfigPlanner()
        : this(TimeProvider.System)
    {
    }

    public ConfigPlanner(TimeProvider time)
    {
        _replacer = new AtomicFileReplacer(time, AtomicFileReplacer.DefaultLockWait);
    }

    public async Task<ConfigPlanResult> PlanAsync(DnsName serverName, IReadOnlyList<ConfigFileRequest> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        ArgumentNullException.ThrowIfNull(files);
        var plans = new List<ConfigFilePlan>();
        var findings = new List<Finding>();
        foreach (var request in files)
        {
            var forced = string.IsNullOrWhiteSpace(request.Kind) ? (ConfigKind?)null : ConfigKinds.Parse(request.Kind);
            var bytes = await ReadAsync(request.Path, cancellationToken);
            var analysis = ConfigAnalyzer.Analyze(request.Path, bytes, forced, serverName);
            plans.Add(new ConfigFilePlan(Path.GetFullPath(request.Path), analysis.Kind.Name(), analysis.Sha256, analysis.Changes) { Diff = analysis.Diff });
            findings.AddRange(analysis.Findings);
        }

        return new ConfigPlanResult(plans, findings);
    }

    public async Task VerifyUnchangedAsync(IReadOnlyList<ConfigFilePlan> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            var bytes = await ReadAsync(file.Path, cancellationToken);
            if (!string.Equals(ConfigFileText.Sha256(bytes), file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw Stale(file.Path);
            }
        }
    }

    public async Task ApplyAsync(DnsName serverName, IReadOnlyList<ConfigFilePlan> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverName);
        ArgumentNullException.ThrowIfNull(files);

        // Everything is recomputed and checked before the first file is written.
        var writes = new List<(ConfigFilePlan Plan, byte[] Before, byte[] After)>();
        foreach (var file in files.Where(f => f.Changes.Count > 0))
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

        foreach (var (plan, before, after) in writes)
        {
            try
            {
                // The lock is taken per file; its bytes must still be the plan's bytes.
                await _replacer.EditAsync(plan.Path, InputKind.ConfigFile, current => current.AsSpan().SequenceEqual(before) ? after : throw Stale(plan.Path), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigFileException($"Cannot write {plan.Path}: {ex.Message}; it was left unchanged.", ex);
            }
        }
    }

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
