using System.Net;
using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Discovery;

/// <summary>The answer to one SRV query, as evidence.</summary>
public sealed record SrvLookup(DnsName Name, LookupOutcome Outcome, IReadOnlyList<SrvAnswer> Records, string Detail)
{
    /// <summary>The record data only, sorted, for comparing two names.</summary>
    public IReadOnlyList<string> DataSet => [.. Records.Select(r => r.Record.ToString()).Order(StringComparer.Ordinal)];

    /// <summary>
    /// A and AAAA records of the targets that came in the answer's additional section (RFC 2782:
    /// servers are "urged" to add them), by target name. Only a hint: additional data ranks below
    /// an answer (RFC 2181 §5.4.1), so discovery may connect to these early but judges only the
    /// target's own A/AAAA answer.
    /// </summary>
    public IReadOnlyDictionary<DnsName, IReadOnlyList<IPAddress>> AddressHints { get; init; } = new Dictionary<DnsName, IReadOnlyList<IPAddress>>();
}
