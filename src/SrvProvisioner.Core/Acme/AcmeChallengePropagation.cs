using System.Net;
using SrvProvisioner.Core.Migration.Propagation;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.Acme;

/// <summary>
/// Finds the zone's authoritative servers before anything is written (a zone nobody serves
/// cannot be validated, so the hook refuses it) and waits until every one of them answers a
/// challenge value: the CA may ask any of them (RFC 8555 §8.4 validation queries are ordinary
/// lookups that end at whichever authoritative server a resolver picks).
/// </summary>
public sealed class AcmeChallengePropagation(IDnsProvider provider, string? dnsServer, TimeSpan queryTimeout, TimeSpan pollInterval, TimeProvider? time = null)
{
    public async Task<IReadOnlyList<AuthoritativeServer>> FindServersAsync(HostedZone zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var sources = new List<IPEndPoint>();
        if (await provider.GetQueryServerAsync(cancellationToken) is { } own)
        {
            sources.Add(own);
        }

        if (dnsServer is not null)
        {
            sources.Add(Discovery.DnsServerAddress.Parse(dnsServer));
        }
        else
        {
            sources.AddRange(ARSoft.Tools.Net.Dns.DnsClient.GetLocalConfiguredDnsServers().Select(a => new IPEndPoint(a, 53)));
        }

        var (servers, error) = await new AuthoritativeServerFinder(sources, queryTimeout).FindAsync(zone.Name, cancellationToken);
        if (error is not null || servers.Count == 0)
        {
            throw new Errors.ProviderException($"The name servers of {zone.Name.Fqdn} cannot be found ({error ?? "none"}), so no CA could read a challenge there; nothing was written. Serve the zone (or give --dns-server) and try again.");
        }

        return servers;
    }

    public Task<PropagationResult> WaitAsync(IReadOnlyList<AuthoritativeServer> servers, AcmeChallenge challenge, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var expected = new ExpectedRecordSet(challenge.Name, Dns.RecordType.Txt, [challenge.TxtValue]) { Includes = true };
        return new PropagationWaiter(queryTimeout, pollInterval, time).WaitAsync(servers, [expected], timeout, cancellationToken);
    }
}
