using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Providers;

/// <summary>
/// One record-set change with the state it expects to replace. <see cref="Before"/> is what
/// the plan observed (null: the set must not exist); <see cref="After"/> is what to write
/// (null: delete). A provider applies it only while <see cref="Before"/> still holds, else
/// fails the whole batch with <see cref="Errors.StalePlanException"/>.
/// </summary>
public sealed record RecordSetChange
{
    public RecordSetChange(RecordSet? before, RecordSet? after)
    {
        if (before is null && after is null)
        {
            throw new ArgumentException("A change needs a before or an after state.");
        }

        if (before is not null && after is not null && before.Key != after.Key)
        {
            throw new ArgumentException($"A change cannot move {before.Key} to {after.Key}.");
        }

        Before = before;
        After = after;
    }

    public RecordSet? Before { get; }

    public RecordSet? After { get; }

    public RecordSetKey Key => (After ?? Before)!.Key;

    public ChangeAction Action => (Before, After) switch
    {
        (null, _) => ChangeAction.Create,
        (_, null) => ChangeAction.Delete,
        _ => ChangeAction.Update,
    };
}
