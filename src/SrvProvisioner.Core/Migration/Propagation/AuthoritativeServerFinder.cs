using System.Net;
using SrvProvisioner.Core.Dns;
using ArRecordType = ARSoft.Tools.Net.Dns.RecordType;

namespace SrvProvisioner.Core.Migration.Propagation;

/// <summary>
/// The authoritative servers of a zone as remote resolvers find them: the zone's NS set and
/// every A/AAAA of each name server (RFC 1034 §4.3.2). Asked of the given sources in order
/// (the provider's own server, then <c>--dns-server</c> or the system's resolvers); the first
/// that answers with records wins.
/// </summary>
public sealed class AuthoritativeServerFinder(IReadOnlyList<IPEndPoint> sources, TimeSpan queryTimeout)
{
    public async Task<(IReadOnlyList<AuthoritativeServer> Servers, string? Error)> FindAsync(DnsName zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var (names, error) = await AskAsync(zone, ArRecordType.Ns, cancellationToken);
        if (names is null || names.Count == 0)
        {
            return ([], error ?? $"no NS records for {zone.Fqdn}");
        }

        var servers = new List<AuthoritativeServer>();
        var missing = new List<string>();
        foreach (var nsText in names.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
        {
            var ns = DnsName.Parse(nsText);
            var v4 = await AskAsync(ns, ArRecordType.A, cancellationToken);
            var v6 = await AskAsync(ns, ArRecordType.Aaaa, cancellationToken);
            var addresses = (v4.Values ?? []).Concat(v6.Values ?? []).Select(IPAddress.Parse).ToList();
            if (addresses.Count == 0)
            {
                missing.Add($"{ns.Fqdn} ({v4.Error ?? v6.Error ?? "no A or AAAA record"})");
            }

            servers.AddRange(addresses.Select(a => new AuthoritativeServer(ns, a)));
        }

        // A name server whose address is unknown could still serve old data to remote servers.
        return missing.Count > 0
            ? ([], $"the addresses of {string.Join(", ", missing)} are unknown")
            : (servers, null);
    }

    private async Task<(IReadOnlyList<string>? Values, string? Error)> AskAsync(DnsName name, ArRecordType type, CancellationToken cancellationToken)
    {
        string? firstError = null;
        foreach (var source in sources)
        {
            var (values, error) = await AuthoritativeQuery.AskAsync(source, name, type, recursionDesired: true, queryTimeout, cancellationToken);
            if (values is { Count: > 0 })
            {
                return (values, null);
            }

            firstError ??= error ?? $"{source} has no {type.ToString().ToUpperInvariant()} record for {name.Fqdn}";
        }

        return (null, firstError ?? "no DNS server to ask");
    }
}
