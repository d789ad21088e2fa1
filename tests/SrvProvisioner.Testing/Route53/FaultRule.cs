using SrvProvisioner.Testing.Net;

namespace SrvProvisioner.Testing.Route53;

/// <summary>
/// When to inject a <see cref="FaultKind"/>: for requests of <see cref="Action"/> (all when
/// null), on the first <see cref="FirstN"/> of them, on every <see cref="EveryNth"/> one, or
/// with <see cref="Probability"/> drawn from a generator seeded with <see cref="Seed"/> (so a
/// run is repeatable). With no condition set, every matching request fails.
/// </summary>
public sealed class FaultRule : FaultSchedule
{
    public FaultRule(FaultKind kind)
    {
        Kind = kind;
    }

    public FaultKind Kind { get; }

    public string? Action { get; init; }

    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);

    internal bool ShouldFire(string action)
    {
        if (Action is not null && !string.Equals(Action, action, StringComparison.Ordinal))
        {
            return false;
        }

        return NextMatchFires();
    }
}
