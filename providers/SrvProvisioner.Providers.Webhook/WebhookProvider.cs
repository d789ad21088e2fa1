using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.Webhook.Api;
using SrvProvisioner.Providers.Webhook.Filters;

namespace SrvProvisioner.Providers.Webhook;

/// <summary>
/// Any DNS host behind an ExternalDNS webhook server. The protocol has no per-name read, so one
/// instance reads <c>GET /records</c> once and every plan it serves looks its names up there (a
/// fleet of thousands of domains behind one webhook costs one read). The protocol has no
/// conditional writes either: <see cref="ApplyAsync"/> reads <c>GET /records</c> again right
/// before it writes and refuses, writing nothing, when a set is no longer what the plan saw.
/// A change someone makes between that read and the write (one request's time) is not seen:
/// the trade-off <c>srvprov providers</c> and the README state.
/// </summary>
internal sealed class WebhookProvider : IDnsProvider, IRecordSetAdjuster
{
    private readonly WebhookApiClient _api;
    private readonly WebhookSettings _settings;
    private readonly Lock _gate = new();
    private Task<DomainFilter>? _filter;
    private Task<WebhookRecordIndex>? _records;

    public WebhookProvider(WebhookApiClient api, WebhookSettings settings)
    {
        _api = api;
        _settings = settings;
    }

    /// <summary>Requests sent, by operation: tests and benchmarks check what a run costs.</summary>
    internal IReadOnlyDictionary<string, int> RequestCounts => _api.RequestCounts;

    public Task<HostedZone> FindZoneAsync(DnsName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Guard(async () =>
        {
            var filter = await FilterAsync(cancellationToken);
            // An ACME challenge set is written at its own name; a server name's at its SRV names.
            DnsName[] written = IsChallengeName(name) ? [name] : [MatrixSrvNames.Fed(name), MatrixSrvNames.Legacy(name)];
            var zone = filter.ZoneFor(name, written, _settings.Zone, _api.BaseUrl);
            return new HostedZone(zone, ZoneId(zone));
        });
    }

    public Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(HostedZone zone, IReadOnlyList<RecordSetKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(keys);
        CheckZone(zone);
        return Guard(async () =>
        {
            var index = await RecordsAsync(cancellationToken);
            return (IReadOnlyList<RecordSet>)[.. keys.Distinct().Where(k => k.Name.IsAtOrBelow(zone.Name)).Select(index.Find).OfType<RecordSet>()];
        });
    }

    public Task<IReadOnlyList<RecordSet>> AdjustAsync(HostedZone zone, IReadOnlyList<RecordSet> wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(wanted);
        CheckZone(zone);
        return Guard(async () => (IReadOnlyList<RecordSet>)[.. (await AdjustEndpointsAsync(wanted, cancellationToken)).Select(a => a.Set)]);
    }

    /// <summary>
    /// Re-reads, compares with the plan, asks <c>POST /adjustendpoints</c> how the provider
    /// stores the new sets, then sends every change in one <c>POST /records</c>: creates as
    /// adjusted, updates as the listed endpoint (with its <c>setIdentifier</c>, <c>labels</c>
    /// and <c>providerSpecific</c> unchanged) paired with the same endpoint carrying the new
    /// targets and TTL, deletes as listed.
    /// </summary>
    public async Task ApplyAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(changes);
        CheckZone(zone);
        if (changes.Count == 0)
        {
            return;
        }

        var filter = await Guard(() => FilterAsync(cancellationToken));
        Validate(zone, changes, filter);
        var now = await Guard(() => RefreshAsync(cancellationToken));
        var stale = changes.Where(c => !Holds(c.Before, now.Find(c.Key))).Select(c => c.Key.Name.Fqdn).Distinct().ToList();
        if (stale.Count > 0)
        {
            throw new StalePlanException($"{string.Join(", ", stale)} changed since plan; nothing was written (srvprov read GET /records again just before writing, since the webhook protocol has no conditional writes). Run plan again and review the new plan.");
        }

        var wanted = changes.Where(c => c.After is not null).Select(c => c.After!).ToList();
        var adjusted = wanted.Count == 0 ? [] : await Guard(() => AdjustEndpointsAsync(wanted, cancellationToken));
        var moved = wanted.Zip(adjusted).Where(p => !p.Second.Set.Matches(p.First)).Select(p => $"{p.First.Name.Fqdn} as {string.Join(", ", p.Second.Set.Values)} TTL {p.Second.Set.Ttl}").ToList();
        if (moved.Count > 0)
        {
            throw new StalePlanException($"The webhook now stores {string.Join("; ", moved)}, not what the plan shows; nothing was written. Run plan again and review the new plan.");
        }

        var body = BuildChanges(changes, now, adjusted.ToDictionary(a => a.Set.Key, a => a.Endpoint));
        try
        {
            await _api.ApplyChangesAsync(body, cancellationToken);
        }
        catch (WebhookWriteException ex)
        {
            Forget();
            if (ex.MayHaveWritten && await Guard(() => AlreadyAppliedAsync(changes, cancellationToken)))
            {
                // A failed try went through before its answer was lost: the zone holds what we asked for.
                return;
            }

            var reason = WebhookErrorTranslator.Translate(ex.InnerException!, _api).Message;
            if (ex.MayHaveWritten)
            {
                throw new PartialApplyException($"{reason} Part of the changes to {zone.Name.Fqdn} may have been written (the webhook protocol has no transactions). Run plan again: it shows what is there now, and apply converges.", [], ex);
            }

            throw new ProviderException($"{reason} Nothing was written to {zone.Name.Fqdn}.", ex);
        }

        Forget();
    }

    public ValueTask DisposeAsync()
    {
        _api.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool Holds(RecordSet? before, RecordSet? now) =>
        (before, now) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            var (b, n) => b.Matches(n),
        };

    private static WebhookChanges BuildChanges(IReadOnlyList<RecordSetChange> changes, WebhookRecordIndex now, Dictionary<RecordSetKey, WebhookEndpoint> adjusted)
    {
        var create = new List<WebhookEndpoint>();
        var updateOld = new List<WebhookEndpoint>();
        var updateNew = new List<WebhookEndpoint>();
        var delete = new List<WebhookEndpoint>();
        foreach (var change in changes)
        {
            var listed = now.Endpoint(change.Key);
            switch (change.Action)
            {
                case ChangeAction.Create:
                    create.Add(adjusted[change.Key]);
                    break;
                case ChangeAction.Update:
                    var stored = adjusted[change.Key];
                    updateOld.Add(listed!);
                    updateNew.Add(listed! with { Targets = stored.Targets, RecordTtl = stored.RecordTtl });
                    break;
                default:
                    delete.Add(listed!);
                    break;
            }
        }

        return new WebhookChanges(create, updateOld, updateNew, delete);
    }

    /// <summary>Everything that can be refused is refused before the first request that writes.</summary>
    private void Validate(HostedZone zone, IReadOnlyList<RecordSetChange> changes, DomainFilter filter)
    {
        foreach (var change in changes)
        {
            if (change.Key.Type != RecordType.Srv && !(change.Key.Type == RecordType.Txt && IsChallengeName(change.Key.Name)))
            {
                throw new InvalidInputException($"The plan changes {change.Key}; srvprov writes only SRV sets and TXT sets at _acme-challenge names. Run plan again.");
            }

            if (!change.Key.Name.IsAtOrBelow(zone.Name))
            {
                throw new InvalidInputException($"The plan changes {change.Key}, which is not in zone {zone.Name.Fqdn}. Run plan again.");
            }

            if (!filter.Matches(change.Key.Name))
            {
                throw new InvalidInputException($"The webhook at {_api.BaseUrl} no longer takes {change.Key.Name.Value} (its domain filter is {filter.Describe()}); nothing was written.");
            }
        }
    }

    private async Task<IReadOnlyList<(RecordSet Set, WebhookEndpoint Endpoint)>> AdjustEndpointsAsync(IReadOnlyList<RecordSet> wanted, CancellationToken cancellationToken)
    {
        var answered = await _api.AdjustEndpointsAsync([.. wanted.Select(WebhookRecordText.ToEndpoint)], cancellationToken);
        var source = $"The webhook at {_api.BaseUrl} (POST /adjustendpoints)";
        var index = new WebhookRecordIndex(answered, source);
        if (answered.Count != wanted.Count)
        {
            throw new ProviderException($"{source} answered {answered.Count} endpoints for the {wanted.Count} srvprov sent; srvprov cannot tell what it would store. Check the webhook server.");
        }

        return [.. wanted.Select(w => index.Endpoint(w.Key) is { } endpoint
            ? (WebhookRecordText.ToRecordSet(w.Name, w.Type, endpoint, source), endpoint)
            : throw new ProviderException($"{source} answered without {w.Key}, which srvprov sent; srvprov cannot tell what it would store. Check the webhook server."))];
    }

    private async Task<bool> AlreadyAppliedAsync(IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        var now = await RefreshAsync(cancellationToken);
        return changes.All(c => now.Find(c.Key) is var current && (c.After is null ? current is null : current is not null && current.Matches(c.After)));
    }

    /// <summary>The negotiation (<c>GET /</c>), once per instance; a failed one is tried again by the next caller.</summary>
    private Task<DomainFilter> FilterAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_filter is null || _filter.IsFaulted || _filter.IsCanceled)
            {
                _filter = NegotiateAsync(cancellationToken);
            }

            return _filter;
        }
    }

    private async Task<DomainFilter> NegotiateAsync(CancellationToken cancellationToken) =>
        DomainFilter.From(await _api.NegotiateAsync(cancellationToken), _api.BaseUrl);

    /// <summary>The shared <c>GET /records</c> of this instance; read on first use and after a write.</summary>
    private Task<WebhookRecordIndex> RecordsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_records is null || _records.IsFaulted || _records.IsCanceled)
            {
                _records = ReadAsync(cancellationToken);
            }

            return _records;
        }
    }

    /// <summary>A fresh <c>GET /records</c>, which later reads of this instance share.</summary>
    private Task<WebhookRecordIndex> RefreshAsync(CancellationToken cancellationToken)
    {
        var read = ReadAsync(cancellationToken);
        lock (_gate)
        {
            _records = read;
        }

        return read;
    }

    private async Task<WebhookRecordIndex> ReadAsync(CancellationToken cancellationToken)
    {
        await FilterAsync(cancellationToken);
        return new WebhookRecordIndex(await _api.GetRecordsAsync(cancellationToken), $"The webhook at {_api.BaseUrl}");
    }

    private void Forget()
    {
        lock (_gate)
        {
            _records = null;
        }
    }

    /// <summary>The TXT owner names of ACME DNS-01 (RFC 8555 §8.4), the only TXT sets srvprov writes.</summary>
    private static bool IsChallengeName(DnsName name) => name.Value.StartsWith("_acme-challenge.", StringComparison.Ordinal);

    private string ZoneId(DnsName zone) => $"{_api.BaseUrl.AbsoluteUri} {zone.Value}";

    /// <summary>A plan made against another webhook (or another provider) is refused before anything is sent.</summary>
    private void CheckZone(HostedZone zone)
    {
        if (zone.Id != ZoneId(zone.Name))
        {
            throw new InvalidInputException($"The plan's zone '{zone.Id}' is not zone {zone.Name.Value} of the webhook at {_api.BaseUrl}; run plan again with --provider webhook and this --webhook-url.");
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
            throw WebhookErrorTranslator.Translate(ex, _api);
        }
    }
}
