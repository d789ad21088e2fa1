using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Providers;

/// <summary>
/// Implemented by a provider whose service stores some records differently from how they were
/// asked for (the ExternalDNS webhook protocol's <c>POST /adjustendpoints</c>: a provider may
/// raise a TTL to its minimum or rewrite targets). A plan then wants what the service will
/// store, so that plan → apply → plan has nothing left to do, and says what was adjusted.
/// </summary>
public interface IRecordSetAdjuster
{
    /// <summary>
    /// <paramref name="wanted"/> as the provider would store them, one set per wanted set, same
    /// keys, same order. Throws <see cref="Errors.ProviderException"/> when the provider answers
    /// something else.
    /// </summary>
    Task<IReadOnlyList<RecordSet>> AdjustAsync(HostedZone zone, IReadOnlyList<RecordSet> wanted, CancellationToken cancellationToken);
}
