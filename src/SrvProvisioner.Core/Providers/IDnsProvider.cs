using System.Net;
using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Providers;

/// <summary>
/// The contract every DNS provider implements: three questions and one action. Diffing,
/// validation, retries policy and rendering live in Core and the CLI, not here.
/// </summary>
public interface IDnsProvider : IAsyncDisposable
{
    string Name { get; }

    ProviderCapabilities Capabilities { get; }

    /// <summary>
    /// The hosted zone that encloses <paramref name="name"/>; the longest suffix wins.
    /// Throws <see cref="Errors.InvalidInputException"/> when none does.
    /// </summary>
    Task<HostedZone> FindZoneAsync(DnsName name, CancellationToken cancellationToken);

    /// <summary>
    /// The record sets that exist now at <paramref name="keys"/> (absent sets are left out).
    /// Reads only what it needs: never the whole zone when the API can do better.
    /// </summary>
    Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(HostedZone zone, IReadOnlyList<RecordSetKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="changes"/> to one zone, atomically where the API allows, each
    /// conditional on its <see cref="RecordSetChange.Before"/>. A broken expectation throws
    /// <see cref="Errors.StalePlanException"/> and (for atomic providers) changes nothing; a
    /// non-atomic provider that fails midway throws <see cref="Errors.PartialApplyException"/>
    /// naming what it wrote.
    /// </summary>
    Task ApplyAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ApplyAsync"/> in two parts: this call returns once the provider has accepted
    /// the changes (or throws as <see cref="ApplyAsync"/> does), and the task it returns
    /// completes when they have propagated (<see cref="ProviderCapabilities.PropagationWait"/>),
    /// faulting if that wait fails. A fleet holds one of its parallel slots only for the first
    /// part, so waiting for propagation never stops other domains from being written.
    /// Providers that do not wait need not override it.
    /// </summary>
    async Task<Task> SubmitAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        await ApplyAsync(zone, changes, cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A DNS server the provider itself talks to that answers for its zones (the RFC 2136
    /// primary), asked first for the zone's NS set when apply waits for propagation; null
    /// when the provider has none.
    /// </summary>
    Task<IPEndPoint?> GetQueryServerAsync(CancellationToken cancellationToken) => Task.FromResult<IPEndPoint?>(null);
}
