using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.Cloudflare.Api;

namespace SrvProvisioner.Providers.Cloudflare;

/// <summary>
/// Cloudflare DNS through API v4. Reads only the names a plan needs (one records query per
/// name); writes each zone's changes as one <c>POST /zones/{id}/dns_records/batch</c>, which
/// Cloudflare runs as one transaction in the order deletes, patches, puts, posts: the deletes
/// name the exact record ids the plan saw, so a record deleted or re-created since the plan
/// makes Cloudflare refuse the whole batch and nothing changes. Adds the proxy findings
/// (<see cref="ProxiedTargetReview"/>) from the zone's own records. Safe to share across the
/// domains of a fleet run.
/// </summary>
internal sealed class CloudflareProvider : IDnsProvider, IProviderPlanReview
{
    private readonly CloudflareApiClient _api;
    private readonly CloudflareSettings _settings;
    private readonly CloudflareZoneFinder _zones;
    private readonly CloudflareRecordReader _records;

    /// <summary>Cloudflare's error code for record content it does not take ("Content for TXT record is invalid").</summary>
    internal const int InvalidContentCode = 9005;

    public CloudflareProvider(CloudflareApiClient api, CloudflareSettings settings)
    {
        _api = api;
        _settings = settings;
        _zones = new CloudflareZoneFinder(api, settings);
        _records = new CloudflareRecordReader(api);
    }

    public Task<HostedZone> FindZoneAsync(DnsName name, CancellationToken cancellationToken) =>
        Guard(() => _zones.FindAsync(name, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(HostedZone zone, IReadOnlyList<RecordSetKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(keys);
        return Guard(() => _records.ReadAsync(zone, keys, cancellationToken), cancellationToken);
    }

    public IReadOnlyList<Finding> Review(DelegationRequest request, HostedZone zone, IReadOnlyList<RecordSet> read) =>
        ProxiedTargetReview.Review(request, zone, read, _settings.AllowProxiedTarget);

    public async Task ApplyAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        CheckIdsWereRead(zone, changes);
        await CheckTxtCreatesStillAbsentAsync(zone, changes, cancellationToken);
        var parts = CloudflareBatchBuilder.Build(zone, changes, _settings.BatchLimit);
        var applied = new List<RecordSetChange>();
        for (int i = 0; i < parts.Count; i++)
        {
            try
            {
                await SendPartAsync(zone, parts[i], cancellationToken);
                applied.AddRange(parts[i].Changes);
            }
            catch (SrvProvisionerException ex) when (i > 0)
            {
                throw new PartialApplyException(
                    $"Cloudflare applied {i} of {parts.Count} batches for zone {zone.Name.Fqdn} ({Names(applied)}), then batch {i + 1} failed and it and the rest were not applied: {ex.Message} Run apply again to finish.",
                    applied,
                    ex);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _api.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task SendPartAsync(HostedZone zone, CloudflareBatchPart part, CancellationToken cancellationToken)
    {
        try
        {
            await _api.BatchAsync(zone.Id, part.Request, cancellationToken);
        }
        catch (UncertainBatchException ex)
        {
            // An earlier try may have been committed before its answer was lost: if the zone
            // now holds exactly what we asked for, the refusal was of our own second try.
            if (!await Guard(() => AlreadyAppliedAsync(zone, part.Changes, cancellationToken), cancellationToken))
            {
                throw Stale(zone, part.Changes, ex.Refusal);
            }
        }
        catch (CloudflareApiException ex) when (ex.HasCode(InvalidContentCode))
        {
            // Content Cloudflare does not take (a TXT record's data over its size limits): not a change since plan.
            throw new ProviderException($"Cloudflare refused the records for zone {zone.Name.Fqdn}: {ex.CloudflareText}. Nothing was applied.", ex);
        }
        catch (CloudflareApiException ex) when ((int)ex.Status is >= 400 and < 500 and not 401 and not 403 and not 429)
        {
            // The transaction failed as a whole; a delete whose id is gone, or a post of a
            // record that now exists, means the zone changed since the plan.
            throw Stale(zone, part.Changes, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not SrvProvisionerException)
        {
            throw CloudflareErrorTranslator.Translate(ex, _settings, _settings.RetryPolicy.MaxAttempts);
        }
    }

    /// <summary>
    /// The ids a change deletes must be the ids this run last read at that set (the re-read
    /// before apply, or the fleet's plan): a plan file edited to name other records is refused,
    /// and so is a plan whose records were deleted and created again since (new ids).
    /// </summary>
    private void CheckIdsWereRead(HostedZone zone, IReadOnlyList<RecordSetChange> changes)
    {
        var stale = changes
            .Where(c => c.Before is not null && _records.ReadIds(zone, c.Key) != (c.Before.Version ?? string.Empty))
            .Select(c => c.Key.Name.Fqdn)
            .ToList();
        if (stale.Count > 0)
        {
            throw new StalePlanException($"{string.Join(", ", stale)} changed since plan; nothing was applied (its records now have other Cloudflare ids than the plan saw: deleted and created again, or the plan file was edited). Run plan again and review the new plan (zone {zone.Name.Fqdn}).");
        }
    }

    /// <summary>
    /// Cloudflare has no "create only if absent": a post next to records someone added since the
    /// read succeeds. Two ACME challenges for one name (certbot's hooks for example.com and
    /// *.example.com) would then both create the TXT set, and the first cleanup, which saw only
    /// its own record, could not tell. So a TXT create reads the name again right before the
    /// batch and is refused when records are there now; a record added between that read and
    /// the batch (one request's time) is not seen, but it is never lost either: the batch only
    /// adds. SRV creates keep their behaviour (the plan's read).
    /// </summary>
    private async Task CheckTxtCreatesStillAbsentAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        var creates = changes.Where(c => c.Before is null && c.Key.Type == RecordType.Txt).Select(c => c.Key).ToList();
        if (creates.Count == 0)
        {
            return;
        }

        var now = await Guard(() => _records.ReadAsync(zone, creates, cancellationToken), cancellationToken);
        if (now.Count > 0)
        {
            throw new StalePlanException($"{string.Join(", ", now.Select(s => s.Name.Fqdn).Distinct())} changed since it was read: TXT records are there now; nothing was applied. Read the set again and retry.");
        }
    }

    private async Task<bool> AlreadyAppliedAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        var now = await _records.ReadAsync(zone, [.. changes.Select(c => c.Key)], cancellationToken);
        return changes.All(c =>
        {
            var current = now.FirstOrDefault(s => s.Key == c.Key);
            return c.After is null ? current is null : current is not null && current.Matches(c.After);
        });
    }

    private static StalePlanException Stale(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CloudflareApiException ex) =>
        new($"{Names(changes)} changed since plan; nothing was applied (Cloudflare refused the batch: {ex.CloudflareText}). Run plan again and review the new plan (zone {zone.Name.Fqdn}).", ex);

    private static string Names(IEnumerable<RecordSetChange> changes) => string.Join(", ", changes.Select(c => c.Key.Name.Fqdn).Distinct());

    private async Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not SrvProvisionerException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw CloudflareErrorTranslator.Translate(ex, _settings, _settings.RetryPolicy.MaxAttempts);
        }
    }
}
