using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Planning;

/// <summary>
/// A plan file is not trusted as written (design, "A plan file can never make apply do more
/// than a plan can"): <c>apply PLANFILE</c> computes the plan again from the file's recorded
/// request against the current state and applies only when both agree change for change.
/// An edited plan (a deleted <c>ns1 A</c>, a removed blocking finding, another zone) and a
/// plan whose state changed since are refused alike, and nothing is written.
/// </summary>
public static class SavedPlanCheck
{
    /// <summary>The request that recomputes <paramref name="saved"/>.</summary>
    public static PlanRequest RequestOf(Plan saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return new PlanRequest(saved.Request)
        {
            ConfigFiles = [.. saved.ConfigFiles.Select(f => new ConfigFileRequest(f.Path, f.Kind))],
        };
    }

    /// <summary>
    /// The plan to apply: the saved changes, when <paramref name="fresh"/> (recomputed now) has
    /// the same ones. Findings are the recomputed ones; blocking findings the file records are
    /// kept too (a file can add a refusal, never remove one).
    /// </summary>
    public static Plan Confirm(Plan saved, Plan fresh, string source)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(fresh);
        if (fresh.Zone.Name != saved.Zone.Name)
        {
            throw new InvalidInputException($"{source} is a plan for zone {saved.Zone.Name.Fqdn}, but the provider now holds {saved.ServerName.Value} in zone {fresh.Zone.Name.Fqdn}; nothing was applied. Run plan again for this zone.");
        }

        var differing = DifferingDnsNames(saved.DnsChanges, fresh.DnsChanges);
        if (differing.Count > 0)
        {
            throw new StalePlanException($"{source}: the DNS changes at {string.Join(", ", differing)} are not what srvprov computes now from the plan's request and the zone (the zone or the plan file changed since plan); nothing was applied. Run plan again and review the new plan.");
        }

        foreach (var file in saved.ConfigFiles)
        {
            var now = fresh.ConfigFiles.FirstOrDefault(f => string.Equals(f.Path, file.Path, StringComparison.Ordinal));
            if (now is null || !string.Equals(now.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new StalePlanException($"{file.Path} changed since plan; nothing was applied. Run plan again and review the new plan.");
            }

            if (!now.Changes.SequenceEqual(file.Changes) || !string.Equals(now.Kind, file.Kind, StringComparison.Ordinal))
            {
                throw new StalePlanException($"{source}: the changes to {file.Path} are not what srvprov computes for that file (the plan file was edited, or written by another version); nothing was applied. Run plan again and review the new plan.");
            }
        }

        var recorded = saved.Findings.Where(f => f.BlocksApply && !fresh.Findings.Any(n => n.Code == f.Code && n.Message == f.Message));
        // The saved changes (equal in data) are the ones applied: they carry the versions the
        // plan saw (ETags, record ids), so the provider's conditional write still refuses a set
        // that was replaced by an equal one since.
        return fresh with { DnsChanges = saved.DnsChanges, Observed = saved.Observed, Findings = [.. fresh.Findings, .. recorded], CreatedAt = saved.CreatedAt };
    }

    private static List<string> DifferingDnsNames(IReadOnlyList<RecordSetChange> saved, IReadOnlyList<RecordSetChange> fresh)
    {
        var keys = saved.Select(c => c.Key).Concat(fresh.Select(c => c.Key)).Distinct();
        return [.. keys
            .Where(k => !Same(saved.FirstOrDefault(c => c.Key == k), fresh.FirstOrDefault(c => c.Key == k)))
            .Select(k => $"{k.Name.Fqdn} {k.Type.ToMnemonic()}")];
    }

    private static bool Same(RecordSetChange? a, RecordSetChange? b) =>
        a is not null && b is not null && Same(a.Before, b.Before) && Same(a.After, b.After);

    private static bool Same(RecordSet? a, RecordSet? b) =>
        (a, b) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            var (x, y) => x.Matches(y),
        };
}
