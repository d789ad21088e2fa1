using System.Net;
using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Providers;

/// <summary>
/// The contract every DNS provider implements: three questions and one action, for the
/// <c>_matrix-fed._tcp</c> / <c>_matrix._tcp</c> SRV sets and their targets' A/AAAA/CNAME sets.
/// Diffing, validation, rendering, plan files and config edits live in Core and the CLI, not
/// here; a provider only talks to its API. Its description (name, options, capabilities) and
/// its construction live on its <see cref="IDnsProviderFactory"/>, registered in the CLI's
/// <c>Composition/ProviderCatalog</c>.
/// </summary>
/// <remarks>
/// Rules for every member:
/// <list type="bullet">
/// <item>One instance serves a whole fleet: every method may run concurrently with any other
/// (the fleet runs <c>--parallel</c> domains at once), so shared state is thread-safe. Pace the
/// account's rate limit inside the instance (<see cref="Resilience.RequestRateLimiter"/>,
/// <see cref="Resilience.RetryExecutor"/>).</item>
/// <item>Every failure the user can act on is a <see cref="Errors.SrvProvisionerException"/>
/// subtype whose message names what to fix in one line: <see cref="Errors.InvalidInputException"/>
/// (bad input, no such zone), <see cref="Errors.ProviderException"/> (the API refused or failed:
/// auth, throttling after retries, unreachable), <see cref="Errors.StalePlanException"/> and
/// <see cref="Errors.PartialApplyException"/> (see <see cref="ApplyAsync"/>). Never a secret
/// (token, key, signature) in a message. <see cref="OperationCanceledException"/> passes
/// through untranslated.</item>
/// <item>Every call honours its <see cref="CancellationToken"/> and forwards it to I/O.</item>
/// <item>Values of <see cref="RecordSet"/> are in the canonical presentation form that
/// <see cref="RecordSet"/> documents; TTLs in seconds.</item>
/// </list>
/// </remarks>
public interface IDnsProvider : IAsyncDisposable
{
    /// <summary>
    /// The hosted zone that encloses <paramref name="name"/>; the longest suffix wins. Throws
    /// <see cref="Errors.InvalidInputException"/> when none does (naming the name and, where it
    /// helps, the zones it saw). May cache zones for the instance's lifetime.
    /// </summary>
    Task<HostedZone> FindZoneAsync(DnsName name, CancellationToken cancellationToken);

    /// <summary>
    /// The record sets that exist now at <paramref name="keys"/> within <paramref name="zone"/>;
    /// absent sets are left out (never returned empty), order does not matter, a key asked twice
    /// is answered once. Reads only what it needs: never the whole zone when the API can do
    /// better. Sets carry <see cref="RecordSet.Version"/> when the API has a concurrency token
    /// (Azure's ETag) that <see cref="ApplyAsync"/> writes against.
    /// </summary>
    Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(HostedZone zone, IReadOnlyList<RecordSetKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="changes"/> (one zone, at most one change per key) and returns
    /// when they are in effect, including any propagation wait the provider has
    /// (<see cref="ProviderCapabilities.PropagationWait"/>). Each change applies only while its
    /// <see cref="RecordSetChange.Before"/> still holds (null: the set must not exist); a broken
    /// expectation throws <see cref="Errors.StalePlanException"/> naming the set. A provider with
    /// <see cref="ProviderCapabilities.AtomicBatch"/> then changes nothing at all; one without it
    /// checks every expectation before its first write, and when it fails midway throws
    /// <see cref="Errors.PartialApplyException"/> naming what it wrote. An empty list is a no-op.
    /// </summary>
    Task ApplyAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ApplyAsync"/> in two parts, for a fleet: returns once the provider has
    /// accepted the changes (or throws as <see cref="ApplyAsync"/> does), and the result's
    /// <see cref="SubmittedChanges.Propagation"/> completes when they are in effect, faulting
    /// with a <see cref="Errors.SrvProvisionerException"/> if that wait fails. A fleet holds one
    /// of its parallel slots only for the first part, so waiting for propagation never stops
    /// other domains from being written. Providers without a propagation wait need not
    /// implement it.
    /// </summary>
    async Task<SubmittedChanges> SubmitAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        await ApplyAsync(zone, changes, cancellationToken);
        return SubmittedChanges.InEffect;
    }

    /// <summary>
    /// A DNS server the provider itself talks to that answers for its zones (the RFC 2136
    /// primary), asked first for the zone's NS set when apply waits for propagation; null
    /// when the provider has none.
    /// </summary>
    Task<IPEndPoint?> GetQueryServerAsync(CancellationToken cancellationToken) => Task.FromResult<IPEndPoint?>(null);
}
