using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>
/// Plans and applies the config edits that stop a conflicting <c>/.well-known/matrix/server</c>.
/// </summary>
public interface IConfigPlanner
{
    /// <summary>Reads each file and plans its edits; an unreadable or ambiguous file throws.</summary>
    Task<ConfigPlanResult> PlanAsync(DnsName serverName, IReadOnlyList<ConfigFileRequest> files, CancellationToken cancellationToken);

    /// <summary>
    /// Throws <see cref="Errors.StalePlanException"/> when a file no longer has the bytes the
    /// plan read. Called for every file before anything is written.
    /// </summary>
    Task VerifyUnchangedAsync(IReadOnlyList<ConfigFilePlan> files, CancellationToken cancellationToken);

    /// <summary>Writes the planned edits (atomic rename, mode and owner kept, backup beside) and says, per file written, where its backup went.</summary>
    Task<IReadOnlyList<ConfigFileWrite>> ApplyAsync(DnsName serverName, IReadOnlyList<ConfigFilePlan> files, CancellationToken cancellationToken);
}
