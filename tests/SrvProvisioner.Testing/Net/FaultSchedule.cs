namespace SrvProvisioner.Testing.Net;

/// <summary>
/// When an emulator's fault rule fires among the requests it matches: on the first
/// <see cref="FirstN"/>, on every <see cref="EveryNth"/>, or with <see cref="Probability"/>
/// from a generator seeded with <see cref="Seed"/> (so a run is repeatable). With no
/// condition set, every matching request fails.
/// </summary>
public abstract class FaultSchedule
{
    private Random? _random;
    private int _seen;

    public int? FirstN { get; init; }

    public int? EveryNth { get; init; }

    public double? Probability { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>How many requests this rule has fired on.</summary>
    public int Fired { get; private set; }

    /// <summary>Counts one matching request and says whether the fault fires on it.</summary>
    protected bool NextMatchFires()
    {
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
