using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Planning;

/// <summary>
/// A reviewed set of changes and the state it was computed from. Saved with <c>--out</c> and
/// applied later only while that state still holds.
/// </summary>
public sealed record Plan(
    DelegationRequest Request,
    ProviderReference Provider,
    HostedZone Zone,
    IReadOnlyList<RecordSet> Observed,
    IReadOnlyList<RecordSetChange> DnsChanges,
    IReadOnlyList<ConfigFilePlan> ConfigFiles,
    IReadOnlyList<Finding> Findings,
    DateTimeOffset CreatedAt)
{
    public DnsName ServerName => Request.ServerName;

    public int ConfigChangeCount => ConfigFiles.Sum(f => f.Changes.Count);

    public bool HasChanges => DnsChanges.Count > 0 || ConfigChangeCount > 0;

    public IEnumerable<Finding> BlockingFindings => Findings.Where(f => f.BlocksApply);

    /// <summary>Error findings: federation would fail even with the planned records in place.</summary>
    public int ErrorCount => Findings.Count(f => f.Severity == Severity.Error);

    /// <summary>
    /// What <c>plan --detailed-exitcode</c> reports as exit 2: changes to make, or an error
    /// finding (a CI drift check must not pass while federation is broken).
    /// </summary>
    public bool NeedsAttention => HasChanges || ErrorCount > 0;
}
