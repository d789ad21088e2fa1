using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Cli.Composition;

/// <summary>
/// Creates the DNS lookup on first use: a plan whose targets all live in the planned zone
/// never needs it, and creating it loads the DNS library and reads the resolver
/// configuration, a large part of a short run's start-up.
/// </summary>
internal sealed class LazyTargetLookup : ITargetLookup
{
    private readonly Lazy<ITargetLookup> _inner;

    public LazyTargetLookup(Func<ITargetLookup> create)
    {
        _inner = new Lazy<ITargetLookup>(create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Task<TargetObservation> LookupAsync(DnsName target, CancellationToken cancellationToken) =>
        _inner.Value.LookupAsync(target, cancellationToken);
}
