using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Cloudflare;

/// <summary>
/// When to inject a <see cref="CloudflareFaultKind"/>: for requests whose route
/// (<c>"GET zones"</c>, <c>"GET zone"</c>, <c>"GET dns_records"</c>, <c>"POST batch"</c>) equals
/// <see cref="Route"/> (null = any), on the schedule of <see cref="FaultSchedule"/>.
/// </summary>
public sealed class CloudflareFaultRule : FaultSchedule
{
    public CloudflareFaultRule(CloudflareFaultKind kind)
    {
        Kind = kind;
    }

    public CloudflareFaultKind Kind { get; }

    public string? Route { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    internal bool ShouldFire(string route) =>
        (Route is null || string.Equals(Route, route, StringComparison.Ordinal)) && NextMatchFires();
}
