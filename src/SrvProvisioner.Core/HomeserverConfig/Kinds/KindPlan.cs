using SrvProvisioner.Core.HomeserverConfig.Editing;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>What one kind's rules want in one file: the changes, the text edits that make them, findings.</summary>
internal sealed record KindPlan(IReadOnlyList<ConfigChange> Changes, IReadOnlyList<TextEdit> Edits, IReadOnlyList<Finding> Findings)
{
    public static KindPlan Empty { get; } = new([], [], []);
}
