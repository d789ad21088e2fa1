using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Discovery;

/// <summary>The answer to one SRV query, as evidence.</summary>
public sealed record SrvLookup(DnsName Name, LookupOutcome Outcome, IReadOnlyList<SrvAnswer> Records, string Detail)
{
    /// <summary>The record data only, sorted, for comparing two names.</summary>
    public IReadOnlyList<string> DataSet => [.. Records.Select(r => r.Record.ToString()).Order(StringComparer.Ordinal)];
}
