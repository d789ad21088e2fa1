namespace SrvProvisioner.Core.Discovery;

/// <summary>Where discovery lands, by which step, and the probes already running there (in landing order).</summary>
internal sealed record DiscoveryOutcome(IReadOnlyList<Landing> Landings, string DecidedBy, IReadOnlyList<LandingRun> Runs)
{
    /// <summary>The landings came from several SRV records (fail-over matters).</summary>
    public bool FromSrv => Landings.Count > 0 && Landings.All(l => l.SrvTarget is not null);
}
