namespace SrvProvisioner.Testing.AzureDns;

/// <summary>
/// When to inject an <see cref="AzureFaultKind"/>: for requests matching <see cref="Method"/>,
/// <see cref="ResourceType"/> ("SRV", "CNAME", "A", "AAAA"; "dnszones" for zone lists, "dnszone" for one zone) and
/// <see cref="RelativeName"/> (each null = any), on the first <see cref="FirstN"/> of them, on
/// every <see cref="EveryNth"/> one, or with <see cref="Probability"/> from a generator seeded
/// with <see cref="Seed"/> (repeatable). With no condition set, every matching request fails.
/// </summary>
public sealed class AzureFaultRule
{
    private Random? _random;
    private int _seen;

    public AzureFaultRule(AzureFaultKind kind)
    {
        Kind = kind;
    }

    public AzureFaultKind Kind { get; }

    public string? Method { get; init; }

    public string? ResourceType { get; init; }

    public string? RelativeName { get; init; }

    public int? FirstN { get; init; }

    public int? EveryNth { get; init; }

    public double? Probability { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Seconds in the Retry-After header of a <see cref="AzureFaultKind.Throttle"/> answer.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>How many requests this rule has failed.</summary>
    public int Fired { get; private set; }

    internal bool ShouldFire(string method, string resourceType, string? relativeName)
    {
        if ((Method is not null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
            || (ResourceType is not null && !string.Equals(ResourceType, resourceType, StringComparison.OrdinalIgnoreCase))
            || (RelativeName is not null && !string.Equals(RelativeName, relativeName, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var n = ++_seen;
        var fire = (FirstN, EveryNth, Probability) switch
        {
            ({ } first, _, _) => n <= first,
            (_, { } every, _) => n % every == 0,
            (_, _, { } p) => (_random ??= new Random(Seed)).NextDouble() < p,
            _ => true,
        };
        if (fire)
        {
            Fired++;
        }

        return fire;
    }
}
