using SrvProvisioner.Core.HomeserverConfig.Proxies;

namespace SrvProvisioner.Core.HomeserverConfig.Apache;

/// <summary>What answers a path in a virtual host: the outcome, the deciding directive (null: nothing in the host), what it serves.</summary>
internal sealed record ApacheServing(ProxyOutcome Kind, ApacheDirective? Source, string What);
