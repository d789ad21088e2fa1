using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Planning;

/// <summary>What a lookup found about an SRV target host.</summary>
public sealed record TargetObservation(DnsName Target, string Source)
{
    /// <summary>The CNAME's target when the host is an alias, else null.</summary>
    public DnsName? CnameTo { get; init; }

    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>Why the lookup could not be done (SERVFAIL, timeout), else null.</summary>
    public string? LookupError { get; init; }
}
