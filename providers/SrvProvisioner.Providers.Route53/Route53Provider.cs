using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.Route53.Api;

namespace SrvProvisioner.Providers.Route53;

/// <summary>
/// Amazon Route 53. Reads only the record sets at the names asked for; applies all changes of
/// a zone as one ChangeResourceRecordSets batch made of exact DELETEs of what the plan saw and
/// CREATEs of what it wants, never UPSERT, so a set changed by someone else since the plan
/// makes Route 53 refuse the whole batch (API reference, ChangeResourceRecordSets: "DELETE ...
/// the values must match exactly"; batches are transactional). Then waits for INSYNC.
/// </summary>
internal sealed class Route53Provider : IDnsProvider
{
    private readonly Route53ApiClient _api;
    private readonly Route53Settings _settings;
    private readonly TimeProvider _time;
    private readonly Route53ZoneCache _zoneCache = new();
    private readonly Route53TargetCache _targetCache = new();

    public Route53Provider(Route53ApiClient api, Route53Settings settings, TimeProvider? time = null)
    {
        _api = api;
        _settings = settings;
        _time = time ?? TimeProvider.System;
    }



    public Task<HostedZone> FindZoneAsync(DnsName name, CancellationToken cancellationToken) =>
        Guard(() => new Route53ZoneFinder(_api, _settings, _zoneCache).FindAsync(name, cancellationToken));

    public Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(HostedZone zone, IReadOnlyList<RecordSetKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(keys);
        return Guard(() => new Route53RecordSetReader(_api, _settings.RecordPageSize, _targetCache).ReadAsync(zone, keys, cancellationToken));
    }

    public async Task ApplyAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken) =>
        await (await SubmitAsync(zone, changes, cancellationToken)).Propagation;

    /// <summary>The change batch now; the INSYNC wait (GetChange polls) as the result's propagation.</summary>
    public async Task<SubmittedChanges> SubmitAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(changes);
        var batch = Route53ChangeBatch.Build(zone, changes);
        if (batch.Count == 0)
        {
            return SubmittedChanges.InEffect;
        }

        ApiChangeInfo? info;
        try
        {
            info = await _api.ChangeResourceRecordSetsAsync(zone.Id, batch, $"srvprov: {changes.Count} record set change(s)", cancellationToken);
        }
        catch (Route53ApiException ex) when (ex.Code == "InvalidChangeBatch" && ex.AfterUncertainAttempt)
        {
            // An earlier try may have gone through before its answer was lost: if the zone now
            // holds exactly what we asked for, that try was ours.
            if (!await Guard(() => AlreadyAppliedAsync(zone, changes, cancellationToken)))
            {
                throw Stale(zone, changes, ex);
            }

            info = null;
        }
        catch (Route53ApiException ex) when (ex.Code == "InvalidChangeBatch")
        {
            throw IsStaleMessage(ex.AwsMessage)
                ? Stale(zone, changes, ex)
                : new ProviderException($"Route 53 refused the change batch for {zone.Name.Fqdn}: {ex.AwsMessage} Nothing was applied.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Route53ErrorTranslator.Translate(ex, _api.Endpoint, RetryAttempts);
        }

        return info is not null && _settings.WaitForInSync && !info.IsInSync
            ? new SubmittedChanges(Guard(() => WaitForInSyncAsync(info.Id, cancellationToken)))
            : SubmittedChanges.InEffect;
    }

    public ValueTask DisposeAsync()
    {
        _api.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The messages Route 53 uses when a CREATE or exact DELETE no longer fits the zone.</summary>
    internal static bool IsStaleMessage(string message) =>
        message.Contains("already exists", StringComparison.OrdinalIgnoreCase)
        || message.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || message.Contains("do not match", StringComparison.OrdinalIgnoreCase);

    private static StalePlanException Stale(HostedZone zone, IReadOnlyList<RecordSetChange> changes, Route53ApiException ex) =>
        new($"{string.Join(", ", changes.Select(c => c.Key.Name.Fqdn).Distinct())} changed since plan; nothing was applied (Route 53: {ex.AwsMessage}). Run plan again and review the new plan for zone {zone.Name.Fqdn}.", ex);

    private int RetryAttempts => _settings.RetryPolicy.MaxAttempts;

    private async Task<bool> AlreadyAppliedAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        var now = await new Route53RecordSetReader(_api, _settings.RecordPageSize).ReadAsync(zone, [.. changes.Select(c => c.Key)], cancellationToken);
        return changes.All(c =>
        {
            var current = now.FirstOrDefault(s => s.Key == c.Key);
            return c.After is null ? current is null : current is not null && current.Matches(c.After);
        });
    }

    /// <summary>Polls GetChange with growing intervals until INSYNC or the timeout.</summary>
    private async Task WaitForInSyncAsync(string changeId, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _settings.WaitTimeout;
        var interval = _settings.FirstPollInterval;
        while (true)
        {
            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                throw new ProviderException($"Route 53 accepted change {changeId} but it was still PENDING after {_settings.WaitTimeout.TotalSeconds:0} s; it completes on its own (check with: aws route53 get-change --id {changeId}). Use --route53-wait-timeout to wait longer or --route53-no-wait to skip waiting.");
            }

            await Task.Delay(interval < remaining ? interval : remaining, _time, cancellationToken);
            var info = await _api.GetChangeAsync(changeId, cancellationToken);
            if (info.IsInSync)
            {
                return;
            }

            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, _settings.MaxPollInterval.Ticks));
        }
    }

    private async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not SrvProvisionerException)
        {
            throw Route53ErrorTranslator.Translate(ex, _api.Endpoint, RetryAttempts);
        }
    }

    private async Task Guard(Func<Task> call) => await Guard(async () =>
    {
        await call();
        return true;
    });
}
