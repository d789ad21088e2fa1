namespace SrvProvisioner.Testing.Route53;

/// <summary>
/// When to inject a <see cref="FaultKind"/>: for requests of <see cref="Action"/> (all when
/// null), on the first <see cref="FirstN"/> of them, on every <see cref="EveryNth"/> one, or
/// with <see cref="Probability"/> drawn from a generator seeded with <see cref="Seed"/> (so a
/// run is repeatable). With no condition set, every matching request fails.
/// </summary>
public sealed class FaultRule
{
    private Random? _random;
    private int _seen;

    public FaultRule(FaultKind kind)
    {
        Kind = kind;
    }

    public FaultKind Kind { get; }

    public string? Action { get; init; }

    public int? FirstN { get; init; }

    public int? EveryNth { get; init; }

    public double? Probability { get; init; }

    public int Seed { get; init; } = 1;

    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many requests this rule has failed or delayed.</summary>
    public int Fired { get; private set; }

    internal bool ShouldFire(string action)
    {
        if (Action is not null && !string.Equals(Action, action, StringComparison.Ordinal))
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
