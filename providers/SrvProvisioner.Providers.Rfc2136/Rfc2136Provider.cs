using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using ArDns = ARSoft.Tools.Net.Dns;
using ArName = ARSoft.Tools.Net.DomainName;
using ArUpdate = ARSoft.Tools.Net.Dns.DynamicUpdate;

namespace SrvProvisioner.Providers.Rfc2136;

/// <summary>
/// Any primary server that takes RFC 2136 dynamic updates (BIND, Knot, PowerDNS,
/// Technitium). Reads with plain queries to that server (UDP, TCP when truncated); applies a
/// zone's changes as one UPDATE message whose prerequisites state exactly what the plan saw
/// (RFC 2136 §2.4), so the server applies all of it or none.
/// </summary>
internal sealed class Rfc2136Provider : IDnsProvider
{
    private readonly string _serverText;
    private readonly TsigKey? _key;
    private readonly TimeSpan _timeout;
    private readonly DnsName? _zoneOverride;
    private readonly SemaphoreSlim _clientLock = new(1, 1);

    // Queries only read, so a lost UDP datagram is retried; the UPDATE is sent once, because its
    // prerequisites would make a resent one fail as "changed" after the first took effect.
    private readonly RetryExecutor _queryRetry = new(new RetryPolicy(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)));
    private ArDns.DnsClient? _client;

    public Rfc2136Provider(string server, TsigKey? key, TimeSpan timeout, DnsName? zoneOverride)
    {
        _serverText = server;
        _key = key;
        _timeout = timeout;
        _zoneOverride = zoneOverride;
    }



    public async Task<HostedZone> FindZoneAsync(DnsName name, CancellationToken cancellationToken)
    {
        var client = await GetClientAsync(cancellationToken);
        if (_zoneOverride is not null)
        {
            if (!name.IsAtOrBelow(_zoneOverride))
            {
                throw new InvalidInputException($"--rfc2136-zone {_zoneOverride.Fqdn} does not enclose {name.Fqdn}.");
            }

            if (_key is not null)
            {
                await SignedSoaQueryAsync(client, ToArName(_zoneOverride), cancellationToken);
            }

            return new HostedZone(_zoneOverride, _serverText);
        }

        // RFC 2136 §4.3: the zone is named by the SOA in the answer (the name is the apex) or
        // in the authority section of a negative or referral-free answer. With a key, this
        // read is signed so that a wrong key shows at plan time (BADKEY/BADSIG), not only at apply.
        var response = _key is null
            ? await QueryAsync(client, name, ArDns.RecordType.Soa, cancellationToken)
            : await SignedSoaQueryAsync(client, ToArName(name), cancellationToken);
        var soa = response.AnswerRecords.OfType<ArDns.SoaRecord>().FirstOrDefault()
            ?? response.AuthorityRecords.OfType<ArDns.SoaRecord>().FirstOrDefault()
            ?? throw new ProviderException($"{_serverText} is not authoritative for a zone that encloses {name.Fqdn} (no SOA in its answer): give the primary server of that zone.");
        var zone = DnsName.Parse(soa.Name.ToString());
        if (!name.IsAtOrBelow(zone))
        {
            throw new ProviderException($"{_serverText} answered with zone {zone.Fqdn}, which does not enclose {name.Fqdn}.");
        }

        return new HostedZone(zone, _serverText);
    }

    public async Task<IReadOnlyList<RecordSet>> GetRecordSetsAsync(HostedZone zone, IReadOnlyList<RecordSetKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var client = await GetClientAsync(cancellationToken);
        var results = await Task.WhenAll(keys.Select(async key =>
        {
            var name = ToArName(key.Name);
            var response = await QueryAsync(client, name, ToArType(key.Type), cancellationToken);
            var records = response.AnswerRecords.Where(r => r.Name.Equals(name) && r.RecordType == ToArType(key.Type)).ToList();
            return records.Count == 0
                ? null
                : new RecordSet(key.Name, key.Type, (uint)records.Min(r => Math.Max(0, r.TimeToLive)), records.Select(DataText));
        }));
        return [.. results.OfType<RecordSet>()];
    }

    public async Task ApplyAsync(HostedZone zone, IReadOnlyList<RecordSetChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        var client = await GetClientAsync(cancellationToken);
        var message = Rfc2136UpdateBuilder.Build(zone.Name, changes);
        if (_key is not null)
        {
            message.TSigOptions = new ArDns.TSigRecord(
                ArName.Parse(_key.Name), _key.Algorithm, DateTime.UtcNow, TimeSpan.FromMinutes(5), message.TransactionID, ArDns.ReturnCode.NoError, null, _key.Secret);
        }

        ArUpdate.DnsUpdateMessage? response;
        try
        {
            response = await client.SendUpdateAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            throw new ProviderException($"Cannot reach {_serverText}: {ex.Message}", ex);
        }

        if (response is null)
        {
            throw new ProviderException($"{_serverText} did not answer the update within {_timeout.TotalSeconds:0} s (or answered with a signature that does not verify); check the server, the port and the key. The update may not have been applied: run plan again.");
        }

        Rfc2136ResponseInterpreter.ThrowIfFailed(response, zone.Name, _serverText, _key);
    }

    public async Task<System.Net.IPEndPoint?> GetQueryServerAsync(CancellationToken cancellationToken) =>
        await ServerAddress.ResolveAsync(_serverText, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _clientLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string DataText(ArDns.DnsRecordBase record) => record switch
    {
        ArDns.SrvRecord srv => $"{srv.Priority} {srv.Weight} {srv.Port} {srv.Target}",
        ArDns.CNameRecord c => c.CanonicalName.ToString(),
        ArDns.ARecord a => a.Address.ToString(),
        ArDns.AaaaRecord a => a.Address.ToString(),
        ArDns.TxtRecord t => TxtRecordText.FromStrings([.. t.TextParts.Select(System.Text.Encoding.UTF8.GetBytes)]),
        _ => throw new ProviderException($"unexpected record {record}"),
    };

    internal static ArName ToArName(DnsName name) => ArName.Parse(name.Fqdn);

    internal static ArDns.RecordType ToArType(RecordType type) => type switch
    {
        RecordType.Srv => ArDns.RecordType.Srv,
        RecordType.Cname => ArDns.RecordType.CName,
        RecordType.A => ArDns.RecordType.A,
        RecordType.Aaaa => ArDns.RecordType.Aaaa,
        RecordType.Txt => ArDns.RecordType.Txt,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private async Task<ArDns.DnsMessage> QueryAsync(ArDns.DnsClient client, DnsName name, ArDns.RecordType type, CancellationToken cancellationToken) =>
        await QueryAsync(client, ToArName(name), type, cancellationToken);

    private Task<ArDns.DnsMessage> QueryAsync(ArDns.DnsClient client, ArName name, ArDns.RecordType type, CancellationToken cancellationToken) =>
        _queryRetry.ExecuteAsync(
            (_, ct) => QueryOnceAsync(client, name, type, ct),
            ex => ex is QueryTimeoutException ? RetryAdvice.Retry() : RetryAdvice.Stop,
            cancellationToken);

    private async Task<ArDns.DnsMessage> QueryOnceAsync(ArDns.DnsClient client, ArName name, ArDns.RecordType type, CancellationToken cancellationToken)
    {
        ArDns.DnsMessage? response;
        try
        {
            response = await client.ResolveAsync(name, type, ArDns.RecordClass.INet, new ArDns.DnsQueryOptions { IsRecursionDesired = false, IsEDnsEnabled = true }, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
        {
            throw new QueryTimeoutException($"Cannot reach {_serverText}: {ex.Message}", ex);
        }

        if (response is null)
        {
            throw new QueryTimeoutException($"{_serverText} did not answer a query for {name} within {_timeout.TotalSeconds:0} s (3 tries): check --rfc2136-server and that the server runs.");
        }

        if (response.ReturnCode is not (ArDns.ReturnCode.NoError or ArDns.ReturnCode.NxDomain))
        {
            throw new ProviderException($"{_serverText} answered {Rfc2136ResponseInterpreter.CodeName(response.ReturnCode)} to a query for {name} {type}: it does not serve that zone to us.");
        }

        return response;
    }

    /// <summary>
    /// An SOA query signed with the update key (RFC 8945 §5.2: a server checks the TSIG of any
    /// message, queries included), so BADKEY, BADSIG and BADTIME surface before anything is
    /// planned. A lost datagram is retried as for every query.
    /// </summary>
    private Task<ArDns.DnsMessage> SignedSoaQueryAsync(ArDns.DnsClient client, ArName name, CancellationToken cancellationToken) =>
        _queryRetry.ExecuteAsync(
            async (_, ct) =>
            {
                var key = _key!;
                var message = new ArDns.DnsMessage { IsRecursionDesired = false, IsEDnsEnabled = true };
                message.Questions.Add(new ArDns.DnsQuestion(name, ArDns.RecordType.Soa, ArDns.RecordClass.INet));
                message.TSigOptions = new ArDns.TSigRecord(
                    ArName.Parse(key.Name), key.Algorithm, DateTime.UtcNow, TimeSpan.FromMinutes(5), message.TransactionID, ArDns.ReturnCode.NoError, null, key.Secret);
                ArDns.DnsMessage? response;
                try
                {
                    response = await client.SendMessageAsync(message, ct);
                }
                catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
                {
                    throw new QueryTimeoutException($"Cannot reach {_serverText}: {ex.Message}", ex);
                }

                if (response is null)
                {
                    throw new QueryTimeoutException($"{_serverText} did not answer a signed query for {name} within {_timeout.TotalSeconds:0} s (3 tries), or its answer's signature does not verify with {key}: check --rfc2136-server and --rfc2136-key-file.");
                }

                Rfc2136ResponseInterpreter.ThrowIfKeyRejected(response, name.ToString(), _serverText, key);
                if (response.ReturnCode is not (ArDns.ReturnCode.NoError or ArDns.ReturnCode.NxDomain))
                {
                    throw new ProviderException($"{_serverText} answered {Rfc2136ResponseInterpreter.CodeName(response.ReturnCode)} to a signed query for {name} SOA: it does not serve that zone to us.");
                }

                return response;
            },
            ex => ex is QueryTimeoutException ? RetryAdvice.Retry() : RetryAdvice.Stop,
            cancellationToken);

    private async Task<ArDns.DnsClient> GetClientAsync(CancellationToken cancellationToken)
    {
        // One client per provider; a fleet run shares the provider between concurrent domains.
        await _clientLock.WaitAsync(cancellationToken);
        try
        {
            if (_client is null)
            {
                var server = await ServerAddress.ResolveAsync(_serverText, cancellationToken);
                var transports = new ArDns.IClientTransport[] { new ArDns.UdpClientTransport(server.Port), new ArDns.TcpClientTransport(server.Port) };
                _client = new ArDns.DnsClient([server.Address], transports, false, (int)_timeout.TotalMilliseconds);
            }

            return _client;
        }
        finally
        {
            _clientLock.Release();
        }
    }
}
