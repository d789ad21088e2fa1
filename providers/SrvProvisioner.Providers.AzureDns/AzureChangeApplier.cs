using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Providers.AzureDns.Api;

namespace SrvProvisioner.Providers.AzureDns;

/// <summary>
/// Writes a zone's changes one record set at a time in <see cref="AzureApplyOrder"/>, each
/// conditional on the ETag the plan saw: create = PUT with <c>If-None-Match: *</c>, update =
/// PUT with <c>If-Match</c>, delete = DELETE with <c>If-Match</c> ("Record Sets - Create Or
/// Update", parameters If-Match / If-None-Match). A 412 means someone changed the set since
/// the plan: it stays as they left it and nothing further is written. The first failure stops
/// the run; when something was already written the error says exactly what.
/// </summary>
internal sealed class AzureChangeApplier
{
    private readonly ArmDnsClient _api;
    private readonly AzureDnsSettings _settings;

    public AzureChangeApplier(ArmDnsClient api, AzureDnsSettings settings)
    {
        _api = api;
        _settings = settings;
    }

    public async Task ApplyAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(changes);
        Validate(zone, changes);
        var ordered = AzureApplyOrder.Sort(changes);
        var written = new List<RecordSetChange>();
        foreach (var change in ordered)
        {
            try
            {
                await ApplyOneAsync(zone, change, cancellationToken);
            }
            catch (Exception ex) when (written.Count > 0)
            {
                var reason = ex is OperationCanceledException && cancellationToken.IsCancellationRequested
                    ? "the run was cancelled"
                    : AzureErrorTranslator.Translate(ex, _settings).Message;
                throw new PartialApplyException(PartialMessage(zone, written, change, ordered, reason), written, ex);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw AzureErrorTranslator.Translate(ex, _settings);
            }

            written.Add(change);
        }
    }

    /// <summary>Everything that can be refused is refused before the first write.</summary>
    private void Validate(HostedZone zone, IReadOnlyList<RecordSetChange> changes)
    {
        if (!_api.IsZoneIdOfSubscription(zone.Id))
        {
            throw new InvalidInputException($"The plan's zone '{zone.Id}' is not an Azure DNS zone of subscription {_settings.SubscriptionId}; run plan again with --provider azure.");
        }

        foreach (var change in changes)
        {
            if (!change.Key.Name.IsAtOrBelow(zone.Name))
            {
                throw new ArgumentException($"{change.Key} is not in zone {zone.Name.Fqdn}.", nameof(changes));
            }

            if (change.Key.Type == RecordType.Txt && !change.Key.Name.Value.StartsWith("_acme-challenge.", StringComparison.Ordinal))
            {
                // TXT is written only for ACME DNS-01 (RFC 8555 §8.4), never over a zone's other TXT sets (SPF, DKIM).
                throw new InvalidInputException($"srvprov writes TXT only at _acme-challenge names, not at {change.Key.Name.Fqdn}; nothing was applied.");
            }

            if (change.After is { Type: RecordType.Txt } txt)
            {
                // Refused here, before the first write, rather than halfway through the changes.
                _ = txt.Values.Select(AzureTxtText.ToStrings).ToList();
            }

            if (change.Before is { Version: null })
            {
                // Without the ETag the write could only be unconditional, which might overwrite someone's edit.
                throw new InvalidInputException($"The plan has no Azure ETag for {Describe(change.Key)} (made by another provider, or edited); run plan again with --provider azure. Nothing was applied.");
            }
        }
    }

    private async Task ApplyOneAsync(HostedZone zone, RecordSetChange change, CancellationToken cancellationToken)
    {
        var response = change.After is { } after
            ? await _api.PutRecordSetAsync(zone.Id, zone.Name, after, change.Before?.Version, cancellationToken)
            : await _api.DeleteRecordSetAsync(zone.Id, zone.Name, change.Key, change.Before!.Version!, cancellationToken);
        if (response.Status == 412)
        {
            await StaleUnlessAlreadyAppliedAsync(zone, change, response, cancellationToken);
        }
    }

    /// <summary>
    /// A 412 on a retried request may answer our own earlier try, which went through before its
    /// answer was lost (the ETag then is the one our write made). Only in that case, and only
    /// when the set now holds exactly what we wanted, is the change taken as done.
    /// </summary>
    private async Task StaleUnlessAlreadyAppliedAsync(HostedZone zone, RecordSetChange change, ArmResponse response, CancellationToken cancellationToken)
    {
        if (response.Retries > 0)
        {
            var now = await _api.GetRecordSetAsync(zone.Id, zone.Name, change.Key, cancellationToken);
            var done = change.After is null ? now is null : now is not null && now.Matches(change.After);
            if (done)
            {
                return;
            }
        }

        var condition = change.Before?.Version is { } etag ? $"If-Match {etag}" : "If-None-Match *";
        throw new StalePlanException($"{Describe(change.Key)} changed since plan (Azure DNS answered 412 Precondition Failed to {condition}); it was not overwritten. Run plan again and review the new plan (zone {zone.Name.Fqdn}).");
    }

    private static string PartialMessage(HostedZone zone, List<RecordSetChange> written, RecordSetChange failed, IReadOnlyList<RecordSetChange> ordered, string reason)
    {
        var notWritten = ordered.SkipWhile(c => c != failed).Select(c => Describe(c.Key));
        return $"Azure DNS zone {zone.Name.Fqdn} was changed only in part (Azure has no transaction across record sets). Written: {string.Join(", ", written.Select(c => $"{Describe(c.Key)} ({Verb(c.Action)})"))}. Not written: {string.Join(", ", notWritten)}, because {reason.TrimEnd('.')}. Run plan and apply again: the next run sees what was written and converges.";
    }

    private static string Describe(RecordSetKey key) => $"{key.Name.Fqdn} {key.Type.ToMnemonic()}";

    private static string Verb(ChangeAction action) => action switch
    {
        ChangeAction.Create => "created",
        ChangeAction.Update => "updated",
        _ => "deleted",
    };
}
