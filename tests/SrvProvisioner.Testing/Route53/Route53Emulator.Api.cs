using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace SrvProvisioner.Testing.Route53;

/// <summary>The four API actions (Route 53 API reference, version 2013-04-01).</summary>
public sealed partial class Route53Emulator
{
    private static readonly XNamespace Ns = EmulatorXml.Ns;

    private string Dispatch(string action, string method, string rawPath, Dictionary<string, string> query, byte[] body)
    {
        var segments = rawPath.Trim('/').Split('/');
        lock (_gate)
        {
            return action switch
            {
                "ListHostedZonesByName" => ListHostedZonesByName(query),
                "ListResourceRecordSets" => ListResourceRecordSets(Zone(WebUtility.UrlDecode(segments[2])), query),
                "ChangeResourceRecordSets" => ChangeResourceRecordSets(Zone(WebUtility.UrlDecode(segments[2])), body),
                "GetChange" => GetChange(WebUtility.UrlDecode(segments[2])),
                _ => throw new EmulatorErrorException(HttpStatusCode.NotFound, "UnknownOperationException", $"No operation for {method} {rawPath}"),
            };
        }
    }

    private string ListHostedZonesByName(Dictionary<string, string> query)
    {
        query.TryGetValue("dnsname", out var dnsName);
        query.TryGetValue("hostedzoneid", out var startId);
        if (startId is not null && dnsName is null)
        {
            throw EmulatorErrorException.InvalidInput("If you specify hostedzoneid, you must also specify dnsname.");
        }

        var maxItems = MaxItems(query, 100, 100);
        var startKey = dnsName is null ? string.Empty : EmulatedZone.SortKey(EmulatedZone.NormaliseName(dnsName));
        var ordered = ZonesInListingOrder();
        var first = LowerBound(ordered, startKey, startId ?? string.Empty);
        var page = ordered.Skip(first).Take(maxItems).Select(e => e.Zone).ToList();
        var truncated = first + maxItems < ordered.Length;
        var root = new XElement(
            Ns + "ListHostedZonesByNameResponse",
            new XElement(Ns + "HostedZones", page.Select(EmulatorXml.HostedZone)));
        if (dnsName is not null)
        {
            root.Add(new XElement(Ns + "DNSName", dnsName));
        }

        if (startId is not null)
        {
            root.Add(new XElement(Ns + "HostedZoneId", startId));
        }

        root.Add(new XElement(Ns + "IsTruncated", truncated ? "true" : "false"));
        if (truncated)
        {
            var next = ordered[first + maxItems].Zone;
            root.Add(new XElement(Ns + "NextDNSName", next.Name), new XElement(Ns + "NextHostedZoneId", next.Id));
        }

        root.Add(new XElement(Ns + "MaxItems", maxItems.ToString(CultureInfo.InvariantCulture)));
        return EmulatorXml.Document(root);
    }

    /// <summary>The first zone at or after (<paramref name="key"/>, <paramref name="id"/>) in listing order.</summary>
    private static int LowerBound((string Key, EmulatedZone Zone)[] ordered, string key, string id)
    {
        int lo = 0, hi = ordered.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            var c = string.CompareOrdinal(ordered[mid].Key, key);
            if (c < 0 || (c == 0 && string.CompareOrdinal(ordered[mid].Zone.Id, id) < 0))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static string ListResourceRecordSets(EmulatedZone zone, Dictionary<string, string> query)
    {
        query.TryGetValue("name", out var name);
        query.TryGetValue("type", out var type);
        if (type is not null && name is null)
        {
            throw EmulatorErrorException.InvalidInput("The input is not valid: if you specify type, you must specify name.");
        }

        // Route 53 answers at most 300 sets a page whatever maxitems says.
        var maxItems = MaxItems(query, 300, 300);
        var (page, next) = zone.Page(name is null ? null : EmulatedZone.SortKey(EmulatedZone.NormaliseName(name)), type, maxItems);
        var truncated = next is not null;
        var root = new XElement(
            Ns + "ListResourceRecordSetsResponse",
            new XElement(Ns + "ResourceRecordSets", page.Select(EmulatorXml.RecordSet)),
            new XElement(Ns + "IsTruncated", truncated ? "true" : "false"));
        if (next is not null)
        {
            root.Add(new XElement(Ns + "NextRecordName", next.Name), new XElement(Ns + "NextRecordType", next.Type));
        }

        root.Add(new XElement(Ns + "MaxItems", maxItems.ToString(CultureInfo.InvariantCulture)));
        return EmulatorXml.Document(root);
    }

    private string ChangeResourceRecordSets(EmulatedZone zone, byte[] body)
    {
        XElement root;
        try
        {
            using var stream = new MemoryStream(body);
            root = XElement.Load(stream);
        }
        catch (XmlException ex)
        {
            throw new EmulatorErrorException(HttpStatusCode.BadRequest, "MalformedInput", $"Could not parse the request body: {ex.Message}");
        }

        if (root.Name != Ns + "ChangeResourceRecordSetsRequest")
        {
            throw new EmulatorErrorException(HttpStatusCode.BadRequest, "MalformedInput", $"Expected ChangeResourceRecordSetsRequest in namespace {Ns}, got {root.Name}.");
        }

        var changes = root.Element(Ns + "ChangeBatch")?.Element(Ns + "Changes")?.Elements(Ns + "Change").Select(ParseChange).ToList() ?? [];
        if (changes.Count == 0)
        {
            throw EmulatorErrorException.InvalidInput("1 validation error detected: Value null at 'changeBatch.changes' failed to satisfy constraint: Member must not be null");
        }

        // Route 53 quotas: at most 32,000 characters of values in one batch, an UPSERT counting twice.
        var characters = changes.Sum(c => c.Set.Values.Sum(v => v.Length) * (c.Action == "UPSERT" ? 2 : 1));
        if (characters > MaxValueCharactersPerBatch)
        {
            throw new EmulatorErrorException(HttpStatusCode.BadRequest, "InvalidChangeBatch", $"Number of characters in the request ({characters}) exceeds the maximum of {MaxValueCharactersPerBatch}", [$"Number of characters in the request ({characters}) exceeds the maximum of {MaxValueCharactersPerBatch}"]);
        }

        var problems = zone.Apply(changes);
        if (problems.Count > 0)
        {
            throw new EmulatorErrorException(HttpStatusCode.BadRequest, "InvalidChangeBatch", string.Join("; ", problems), problems);
        }

        ChangesApplied++;
        var id = "C" + (++_nextId).ToString("D6", CultureInfo.InvariantCulture) + "EMULATED";
        _changePolls[id] = 0;
        return EmulatorXml.Document(new XElement(Ns + "ChangeResourceRecordSetsResponse", EmulatorXml.ChangeInfo(id, "PENDING")));
    }

    private string GetChange(string id)
    {
        if (!_changePolls.TryGetValue(id, out var polls))
        {
            throw new EmulatorErrorException(HttpStatusCode.NotFound, "NoSuchChange", $"A change with the specified change ID does not exist: {id}");
        }

        _changePolls[id] = ++polls;
        return EmulatorXml.Document(new XElement(Ns + "GetChangeResponse", EmulatorXml.ChangeInfo(id, polls >= InSyncAfterPolls ? "INSYNC" : "PENDING")));
    }

    private static (string Action, EmulatedRecordSet Set) ParseChange(XElement change)
    {
        var action = (string?)change.Element(Ns + "Action") ?? throw EmulatorErrorException.InvalidInput("Change without Action.");
        var set = change.Element(Ns + "ResourceRecordSet") ?? throw EmulatorErrorException.InvalidInput("Change without ResourceRecordSet.");
        var name = (string?)set.Element(Ns + "Name") ?? throw EmulatorErrorException.InvalidInput("ResourceRecordSet without Name.");
        var type = (string?)set.Element(Ns + "Type") ?? throw EmulatorErrorException.InvalidInput("ResourceRecordSet without Type.");
        var ttlText = (string?)set.Element(Ns + "TTL") ?? throw EmulatorErrorException.InvalidInput($"Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords]] in Change with [Action={action}, Name={name}, Type={type}]");
        if (!uint.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl > 2147483647)
        {
            throw EmulatorErrorException.InvalidInput($"TTL '{ttlText}' is not valid.");
        }

        if (action is not ("CREATE" or "DELETE" or "UPSERT"))
        {
            throw EmulatorErrorException.InvalidInput($"1 validation error detected: Value '{action}' at 'changeBatch.changes.1.member.action' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]");
        }

        var values = set.Element(Ns + "ResourceRecords")?.Elements(Ns + "ResourceRecord").Select(r => NormaliseValue(type, (string?)r.Element(Ns + "Value") ?? string.Empty)).ToList() ?? [];
        return (action, new EmulatedRecordSet(EmulatedZone.NormaliseName(name), type, ttl, values));
    }

    private static int MaxItems(Dictionary<string, string> query, int fallback, int cap)
    {
        if (!query.TryGetValue("maxitems", out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            throw EmulatorErrorException.InvalidInput($"Invalid value for maxitems: {text}");
        }

        return Math.Min(n, cap);
    }
}
