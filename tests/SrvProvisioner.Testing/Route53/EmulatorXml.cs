using System.Globalization;
using System.Xml.Linq;

namespace SrvProvisioner.Testing.Route53;

/// <summary>Renders Route 53's XML answers.</summary>
internal static class EmulatorXml
{
    public static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    public static string Document(XElement root) => "<?xml version=\"1.0\"?>\n" + root.ToString(SaveOptions.DisableFormatting);

    public static XElement HostedZone(EmulatedZone zone) => new(
        Ns + "HostedZone",
        new XElement(Ns + "Id", "/hostedzone/" + zone.Id),
        new XElement(Ns + "Name", zone.Name),
        new XElement(Ns + "CallerReference", "emulator-" + zone.Id),
        new XElement(Ns + "Config", new XElement(Ns + "PrivateZone", zone.IsPrivate ? "true" : "false")),
        new XElement(Ns + "ResourceRecordSetCount", zone.SetCount.ToString(CultureInfo.InvariantCulture)));

    public static XElement RecordSet(EmulatedRecordSet set) => new(
        Ns + "ResourceRecordSet",
        new XElement(Ns + "Name", Escape(set.Name)),
        new XElement(Ns + "Type", set.Type),
        new XElement(Ns + "TTL", set.Ttl.ToString(CultureInfo.InvariantCulture)),
        new XElement(Ns + "ResourceRecords", set.Values.Select(v => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v)))));

    public static XElement ChangeInfo(string id, string status) => new(
        Ns + "ChangeInfo",
        new XElement(Ns + "Id", "/change/" + id),
        new XElement(Ns + "Status", status),
        new XElement(Ns + "SubmittedAt", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Error bodies: InvalidChangeBatch lists its messages (<c>&lt;InvalidChangeBatch&gt;&lt;Messages&gt;</c>,
    /// the shape the AWS SDKs special-case for Route 53); everything else is the common
    /// <c>&lt;ErrorResponse&gt;&lt;Error&gt;</c>.
    /// </summary>
    public static string Error(EmulatorErrorException ex)
    {
        var requestId = Guid.NewGuid().ToString();
        if (ex.BatchMessages is { Count: > 0 } messages)
        {
            return Document(new XElement(
                Ns + "InvalidChangeBatch",
                new XElement(Ns + "Messages", messages.Select(m => new XElement(Ns + "Message", m))),
                new XElement(Ns + "RequestId", requestId)));
        }

        return Document(new XElement(
            Ns + "ErrorResponse",
            new XElement(
                Ns + "Error",
                new XElement(Ns + "Type", (int)ex.Status >= 500 ? "Receiver" : "Sender"),
                new XElement(Ns + "Code", ex.Code),
                new XElement(Ns + "Message", ex.Message)),
            new XElement(Ns + "RequestId", requestId)));
    }

    /// <summary>Route 53 writes characters outside a-z0-9-_. as \ooo octal escapes.</summary>
    private static string Escape(string name) => string.Concat(name.Select(c =>
        c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' ? c.ToString() : "\\" + Convert.ToString(c, 8).PadLeft(3, '0')));
}
