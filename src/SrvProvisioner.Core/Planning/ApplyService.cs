using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Planning;

/// <summary>
/// Applies a plan only while what it observed still holds: DNS first (conditional, atomic
/// where the provider allows), then the config files. That order never leaves a server
/// without delegation: the well-known file keeps working until the SRV records exist.
/// </summary>
public sealed class ApplyService
{
    private readonly IDnsProvider _provider;
    private readonly IConfigPlanner? _configPlanner;

    public ApplyService(IDnsProvider provider, IConfigPlanner? configPlanner = null)
    {
        _provider = provider;
        _configPlanner = configPlanner;
    }

    /// <summary>Applies <paramref name="plan"/>; returns the config files written, each with the backup made for it.</summary>
    public async Task<IReadOnlyList<ConfigFileWrite>> ApplyAsync(Plan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var blocking = plan.BlockingFindings.ToList();
        if (blocking.Count > 0)
        {
            throw new InvalidInputException("Refusing to apply: " + string.Join(" ", blocking.Select(f => f.Message)));
        }

        if (!plan.HasChanges)
        {
            return [];
        }

        await VerifyDnsUnchangedAsync(plan, cancellationToken);
        var configFiles = plan.ConfigFiles.Where(f => f.Changes.Count > 0).ToList();
        if (configFiles.Count > 0)
        {
            if (_configPlanner is null)
            {
                throw new InvalidInputException("This build cannot apply config file changes.");
            }

            await _configPlanner.VerifyUnchangedAsync(configFiles, cancellationToken);
        }

        if (plan.DnsChanges.Count > 0)
        {
            await _provider.ApplyAsync(plan.Zone, plan.DnsChanges, cancellationToken);
        }

        if (configFiles.Count > 0)
        {
            try
            {
                return await _configPlanner!.ApplyAsync(plan.ServerName, configFiles, cancellationToken);
            }
            catch (SrvProvisionerException ex) when (plan.DnsChanges.Count > 0)
            {
                // Every precondition was checked before DNS; if a file still fails, say what
                // was written (design: truthful partial failures).
                throw new PartialApplyException(
                    $"The DNS changes were applied ({string.Join(", ", plan.DnsChanges.Select(c => c.Key.Name.Fqdn).Distinct())} in zone {plan.Zone.Name.Fqdn}), but the config files were not: {ex.Message.Replace("nothing was applied", "it was left unchanged", StringComparison.Ordinal)} Fix that and run 'srvprov apply' again with the same options: the DNS part is then already done.",
                    plan.DnsChanges,
                    ex);
            }
        }

        return [];
    }

    /// <summary>
    /// Reads the planned sets again and compares them with what the plan saw. Providers also
    /// write conditionally; this check makes a stale plan fail before anything is sent, for
    /// config files too.
    /// </summary>
    public async Task VerifyDnsUnchangedAsync(Plan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.DnsChanges.Count == 0)
        {
            return;
        }

        var keys = plan.DnsChanges.Select(c => c.Key).ToList();
        var current = await _provider.GetRecordSetsAsync(plan.Zone, keys, cancellationToken);
        var stale = new List<string>();
        foreach (var change in plan.DnsChanges)
        {
            var now = current.FirstOrDefault(s => s.Key == change.Key);
            var unchanged = (change.Before, now) switch
            {
                (null, null) => true,
                (null, _) or (_, null) => false,
                var (before, after) => before.Matches(after),
            };
            if (!unchanged)
            {
                stale.Add(change.Key.Name.Fqdn);
            }
        }

        if (stale.Count > 0)
        {
            throw new StalePlanException($"{string.Join(", ", stale)} changed since plan; nothing was applied. Run plan again and review the new plan.");
        }
    }
}
