using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.AzureDns;

/// <summary>
/// When to inject an <see cref="AzureFaultKind"/>: for requests matching <see cref="Method"/>,
/// <see cref="ResourceType"/> ("SRV", "CNAME", "A", "AAAA"; "dnszones" for zone lists, "dnszone" for one zone) and
/// <see cref="RelativeName"/> (each null = any), on the first <see cref="FirstN"/> of them, on
/// every <see cref="EveryNth"/> one, or with <see cref="Probability"/> from a generator seeded
/// with <see cref="Seed"/> (repeatable). With no condition set, every matching request fails.
/// </summary>
public sealed class AzureFaultRule : FaultSchedule
{
    public AzureFaultRule(AzureFaultKind kind)
    {
        Kind = kind;
    }

    public AzureFaultKind Kind { get; }

    public string? Method { get; init; }

    public string? ResourceType { get; init; }

    public string? RelativeName { get; init; }

    /// <summary>Seconds in the Retry-After header of a <see cref="AzureFaultKind.Throttle"/> answer.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    internal bool ShouldFire(string method, string resourceType, string? relativeName)
    {
        if ((Method is not null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
            || (ResourceType is not null && !string.Equals(ResourceType, resourceType, StringComparison.OrdinalIgnoreCase))
            || (RelativeName is not null && !string.Equals(RelativeName, relativeName, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return NextMatchFires();
    }
}
