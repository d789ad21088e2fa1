using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Providers.AzureDns;

/// <summary>
/// Azure DNS has no transaction across record sets, so apply writes one set at a time and the
/// order decides what a run that stops midway leaves behind. The order is:
/// <list type="number">
/// <item>creates and updates before deletes: a run that stops early leaves old and new
/// records side by side, never a name that lost its records before the new ones exist;</item>
/// <item>within each group <c>_matrix-fed._tcp</c> before <c>_matrix._tcp</c>: homeservers
/// (spec v1.8+, "Resolving server names" step 4) look up <c>_matrix-fed._tcp</c> first and
/// consult the deprecated <c>_matrix._tcp</c> only when it has no record, so after the first
/// write every current server already follows the new delegation, and older servers still see
/// a consistent old one until the second write;</item>
/// <item>anything else in canonical DNS order, so a rerun writes in the same order.</item>
/// </list>
/// Whatever the stop, re-planning sees what was written and the next apply finishes the rest.
/// </summary>
internal static class AzureApplyOrder
{
    public static IReadOnlyList<RecordSetChange> Sort(IReadOnlyList<RecordSetChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return [.. changes
            .OrderBy(c => c.Action == ChangeAction.Delete ? 1 : 0)
            .ThenBy(c => ServiceRank(c.Key.Name))
            .ThenBy(c => c.Key.Name)
            .ThenBy(c => c.Key.Type)];
    }

    private static int ServiceRank(DnsName name) =>
        name.Value.StartsWith(MatrixSrvNames.FedService + ".", StringComparison.Ordinal) ? 0
        : name.Value.StartsWith(MatrixSrvNames.LegacyService + ".", StringComparison.Ordinal) ? 1
        : 2;
}
