using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Cli.Commands;

/// <summary>
/// Tells "this plan was already applied" from "something changed since the plan": when a saved
/// plan is refused as stale, the current state is compared with the state the plan wants.
/// Applying twice is then no change and exit 0 (design: "Apply twice = no change the second
/// time"), not a stale-plan error.
/// </summary>
internal static class AlreadyApplied
{
    /// <summary>True when every planned SRV set and config setting is already as the plan wants it.</summary>
    public static async Task<bool> CheckAsync(Plan plan, IDnsProvider provider, IConfigPlanner? configPlanner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(provider);
        if (plan.DnsChanges.Count > 0)
        {
            var current = await provider.GetRecordSetsAsync(plan.Zone, [.. plan.DnsChanges.Select(c => c.Key)], cancellationToken);
            foreach (var change in plan.DnsChanges)
            {
                var now = current.FirstOrDefault(s => s.Key == change.Key);
                var asWanted = (change.After, now) switch
                {
                    (null, null) => true,
                    (null, _) or (_, null) => false,
                    var (after, set) => after.Matches(set),
                };
                if (!asWanted)
                {
                    return false;
                }
            }
        }

        // A reverse proxy file is planned in its whole tree again, from the same main file and prefix.
        var files = plan.ConfigFiles.Where(f => f.Changes.Count > 0)
            .Select(f => new ConfigFileRequest(f.Tree?.Root ?? f.Path, f.Kind) { NginxPrefix = f.Tree?.ConfDirectory })
            .DistinctBy(r => r.Path)
            .ToList();
        if (files.Count == 0)
        {
            return true;
        }

        if (configPlanner is null)
        {
            return false;
        }

        // The files as they are now need no edit: the settings are as the plan wanted them.
        var replanned = await configPlanner.PlanAsync(plan.ServerName, files, cancellationToken);
        return replanned.Files.All(f => f.Changes.Count == 0);
    }
}
