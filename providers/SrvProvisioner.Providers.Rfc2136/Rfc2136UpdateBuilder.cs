using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;
using ArDns = ARSoft.Tools.Net.Dns;
using ArName = ARSoft.Tools.Net.DomainName;
using ArUpdate = ARSoft.Tools.Net.Dns.DynamicUpdate;

namespace SrvProvisioner.Providers.Rfc2136;

/// <summary>
/// Builds one UPDATE message for a zone's changes. Prerequisites (RFC 2136 §2.4) carry what
/// the plan saw: "RRset does not exist" (§2.4.3) for a set it did not see, and "RRset exists
/// (value dependent)" (§2.4.2) with every record it saw, which the server compares with the
/// whole current RRset. Any mismatch makes the server refuse the whole message (§3.2).
/// </summary>
internal static class Rfc2136UpdateBuilder
{
    public static ArUpdate.DnsUpdateMessage Build(DnsName zone, IReadOnlyList<RecordSetChange> changes)
    {
        var message = new ArUpdate.DnsUpdateMessage { ZoneName = ArName.Parse(zone.Fqdn) };
        foreach (var change in changes)
        {
            ThrowIfTxtOutsideChallenge(change.Key);
            var name = Rfc2136Provider.ToArName(change.Key.Name);
            var type = Rfc2136Provider.ToArType(change.Key.Type);
            if (change.Before is null)
            {
                message.Prequisites.Add(new ArUpdate.RecordNotExistsPrequisite(name, type));
            }
            else
            {
                foreach (var value in change.Before.Values)
                {
                    // §2.4.2: TTL of prerequisite RRs is zero.
                    message.Prequisites.Add(new ArUpdate.RecordExistsValueDependantPrequisite(ToRecord(change.Key, 0, value)));
                }
            }
        }

        foreach (var change in changes)
        {
            var name = Rfc2136Provider.ToArName(change.Key.Name);
            if (change.Before is not null)
            {
                message.Updates.Add(new ArUpdate.DeleteAllRecordsUpdate(name, Rfc2136Provider.ToArType(change.Key.Type)));
            }

            if (change.After is not null)
            {
                foreach (var value in change.After.Values)
                {
                    message.Updates.Add(new ArUpdate.AddRecordUpdate(ToRecord(change.Key, (int)change.After.Ttl, value)));
                }
            }
        }

        return message;
    }

    /// <summary>TXT is written only at <c>_acme-challenge</c> names (RFC 8555 §8.4); SPF, DKIM and the like are never srvprov's.</summary>
    private static void ThrowIfTxtOutsideChallenge(RecordSetKey key)
    {
        if (key.Type == RecordType.Txt && (key.Name.Labels.Count == 0 || !string.Equals(key.Name.Labels[0], "_acme-challenge", StringComparison.OrdinalIgnoreCase)))
        {
            throw new Core.Errors.InvalidInputException($"srvprov writes TXT records only at _acme-challenge names, not at {key.Name.Fqdn}; nothing was sent.");
        }
    }

    private static ArDns.DnsRecordBase ToRecord(RecordSetKey key, int ttl, string value)
    {
        var name = Rfc2136Provider.ToArName(key.Name);
        return key.Type switch
        {
            RecordType.Srv => ToSrv(name, ttl, SrvRecord.Parse(value)),
            RecordType.Cname => new ArDns.CNameRecord(name, ttl, ArName.Parse(value)),
            RecordType.A => new ArDns.ARecord(name, ttl, System.Net.IPAddress.Parse(value)),
            RecordType.Aaaa => new ArDns.AaaaRecord(name, ttl, System.Net.IPAddress.Parse(value)),
            RecordType.Txt => new ArDns.TxtRecord(name, ttl, TxtStrings(value)),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key.Type, null),
        };
    }

    /// <summary>
    /// The character-strings of a canonical TXT value as the DNS library sends them. It writes
    /// each string as ASCII, so only ASCII data is accepted, never altered: ACME values are
    /// base64url (RFC 8555 §8.4).
    /// </summary>
    private static IEnumerable<string> TxtStrings(string value)
    {
        var strings = TxtRecordText.Parse(value);
        if (strings.Any(s => s.Any(b => b > 0x7E)))
        {
            throw new Core.Errors.InvalidInputException($"TXT data {value} has bytes beyond ASCII, which the RFC 2136 provider cannot send unchanged; nothing was sent.");
        }

        return strings.Select(s => System.Text.Encoding.ASCII.GetString(s)).ToList();
    }

    private static ArDns.SrvRecord ToSrv(ArName name, int ttl, SrvRecord srv) =>
        new(name, ttl, srv.Priority, srv.Weight, srv.Port, ArName.Parse(srv.Target.Fqdn));
}
