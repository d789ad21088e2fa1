using System.Globalization;
using System.Net;
using System.Xml.Linq;
using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>
/// Reads and writes the Route 53 REST/XML documents of API version 2013-04-01 that this
/// tool uses (Route 53 API reference: ListHostedZonesByName, ListResourceRecordSets,
/// ChangeResourceRecordSets, GetChange, "Common Errors").
/// </summary>
internal static class Route53Xml
{
    public static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    public static HostedZonePage ParseHostedZonesByName(XElement root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var zones = Element(root, "HostedZones").Elements(Ns + "HostedZone").Select(z => new ApiHostedZone(
            Route53Names.StripPrefix(Text(z, "Id")),
            Route53Names.Normalise(Text(z, "Name")),
            string.Equals((string?)z.Element(Ns + "Config")?.Element(Ns + "PrivateZone"), "true", StringComparison.OrdinalIgnoreCase))).ToList();
        return new HostedZonePage(zones, IsTruncated(root), OptionalText(root, "NextDNSName"), OptionalText(root, "NextHostedZoneId"));
    }

    public static RecordSetPage ParseRecordSets(XElement root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var sets = Element(root, "ResourceRecordSets").Elements(Ns + "ResourceRecordSet").Select(ParseRecordSet).ToList();
        return new RecordSetPage(sets, IsTruncated(root), OptionalText(root, "NextRecordName"), OptionalText(root, "NextRecordType"), OptionalText(root, "NextRecordIdentifier"));
    }

    public static ApiChangeInfo ParseChangeInfo(XElement root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var info = Element(root, "ChangeInfo");
        return new ApiChangeInfo(Route53Names.StripPrefix(Text(info, "Id")), Text(info, "Status"));
    }

    public static XDocument ChangeBatchRequest(IReadOnlyList<ApiChange> changes, string comment)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XElement(
                Ns + "ChangeResourceRecordSetsRequest",
                new XElement(
                    Ns + "ChangeBatch",
                    new XElement(Ns + "Comment", comment),
                    new XElement(Ns + "Changes", changes.Select(c => new XElement(
                        Ns + "Change",
                        new XElement(Ns + "Action", c.Action),
                        RecordSetElement(c.Set)))))));
    }

    public static XElement RecordSetElement(ApiRecordSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var e = new XElement(Ns + "ResourceRecordSet", new XElement(Ns + "Name", set.Name), new XElement(Ns + "Type", set.Type));
        if (set.SetIdentifier is not null)
        {
            e.Add(new XElement(Ns + "SetIdentifier", set.SetIdentifier));
        }

        if (set.Ttl is { } ttl)
        {
            e.Add(new XElement(Ns + "TTL", ttl.ToString(CultureInfo.InvariantCulture)));
        }

        if (set.Values.Count > 0)
        {
            e.Add(new XElement(Ns + "ResourceRecords", set.Values.Select(v => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v)))));
        }

        return e;
    }

    public static ApiRecordSet ParseRecordSet(XElement e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var ttlText = OptionalText(e, "TTL");
        uint? ttl = ttlText is null ? null : uint.Parse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture);
        var values = e.Element(Ns + "ResourceRecords")?.Elements(Ns + "ResourceRecord").Select(r => Text(r, "Value")).ToList() ?? [];
        return new ApiRecordSet(Text(e, "Name"), Text(e, "Type"), ttl, values)
        {
            SetIdentifier = OptionalText(e, "SetIdentifier"),
            AliasDnsName = (string?)e.Element(Ns + "AliasTarget")?.Element(Ns + "DNSName"),
        };
    }

    /// <summary>
    /// Turns an error answer into a <see cref="Route53ApiException"/>. Bodies that are not AWS
    /// error XML (a proxy's HTML page) still give the HTTP status and a short excerpt.
    /// </summary>
    public static Route53ApiException ParseError(string action, HttpStatusCode status, string body, TimeSpan? retryAfter)
    {
        string code = $"HTTP{(int)status}";
        string message = Excerpt(body);
        try
        {
            var root = XElement.Parse(body);
            if (root.Name.LocalName == "InvalidChangeBatch")
            {
                // Route 53 lists each problem of a refused batch: <InvalidChangeBatch><Messages><Message>.
                var messages = root.Descendants().Where(d => d.Name.LocalName == "Message").Select(m => m.Value).ToList();
                return new Route53ApiException(action, status, "InvalidChangeBatch", messages.Count > 0 ? string.Join("; ", messages) : message, retryAfter);
            }

            var error = root.Name.LocalName == "Error" ? root : root.Descendants().FirstOrDefault(d => d.Name.LocalName == "Error");
            if (error is not null)
            {
                code = error.Elements().FirstOrDefault(x => x.Name.LocalName == "Code")?.Value ?? code;
                message = error.Elements().FirstOrDefault(x => x.Name.LocalName == "Message")?.Value ?? message;
            }
        }
        catch (System.Xml.XmlException)
        {
            // Not XML: keep the status and the excerpt.
        }

        return new Route53ApiException(action, status, code, message, retryAfter);
    }

    private static string Excerpt(string body)
    {
        var oneLine = string.Join(' ', body.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return oneLine.Length == 0 ? "(empty answer)" : oneLine.Length > 200 ? oneLine[..200] + "..." : oneLine;
    }

    private static bool IsTruncated(XElement root) =>
        string.Equals(OptionalText(root, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);

    private static XElement Element(XElement parent, string name) =>
        parent.Element(Ns + name) ?? throw new ProviderException($"Route 53 answered without <{name}> in <{parent.Name.LocalName}>; is the endpoint really Route 53 (API 2013-04-01)?");

    private static string Text(XElement parent, string name) => Element(parent, name).Value;

    private static string? OptionalText(XElement parent, string name) => (string?)parent.Element(Ns + name);
}
