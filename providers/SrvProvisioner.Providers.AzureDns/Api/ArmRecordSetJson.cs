using System.Globalization;
using System.Text.Json;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Providers.AzureDns.Api.Json;

namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>
/// The record-set resource body of api-version 2018-05-01 ("Record Sets - Create Or Update"):
/// <c>properties.TTL</c> and one array per type, <c>SRVRecords</c> (priority, weight, port,
/// target), <c>CNAMERecord</c> (cname), <c>ARecords</c> (ipv4Address), <c>AAAARecords</c>
/// (ipv6Address), <c>TXTRecords</c> (<c>value</c>: the record's strings, see
/// <see cref="AzureTxtText"/>). The resource's <c>etag</c> becomes <see cref="RecordSet.Version"/>.
/// </summary>
internal static class ArmRecordSetJson
{
    public static string TypeSegment(RecordType type) => type switch
    {
        RecordType.Srv => "SRV",
        RecordType.Cname => "CNAME",
        RecordType.A => "A",
        RecordType.Aaaa => "AAAA",
        RecordType.Txt => "TXT",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a record type srvprov reads"),
    };

    public static RecordSet Parse(DnsName owner, RecordType type, BinaryData content, string? headerETag)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(content);
        ArmRecordSetDocument? root;
        try
        {
            root = JsonSerializer.Deserialize(content.ToString(), ArmJsonContext.Default.ArmRecordSetDocument);
        }
        catch (JsonException ex)
        {
            throw new ProviderException($"Azure DNS answered {owner.Fqdn} {type.ToMnemonic()} with a body that is not a record set's JSON ({ex.Message}).", ex);
        }

        var properties = root?.Properties;
        var ttl = properties?.Ttl ?? 0;
        var etag = root?.Etag ?? headerETag;
        try
        {
            return new RecordSet(owner, type, (uint)Math.Clamp(ttl, 0, uint.MaxValue), Values(owner, type, properties)) { Version = etag };
        }
        catch (InvalidInputException ex)
        {
            throw new ProviderException($"Azure DNS holds {type.ToMnemonic()} data at {owner.Fqdn} that srvprov cannot read ({ex.Message}); fix it in the portal, then plan again.", ex);
        }
    }

    /// <summary>The PUT body for <paramref name="set"/>. Targets are sent without the trailing dot, as the portal and docs write them; Azure treats them as absolute.</summary>
    public static BinaryData Body(RecordSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var properties = set.Type switch
        {
            RecordType.Srv => new ArmRecordSetProperties
            {
                SrvRecords = [.. set.SrvRecords().Select(r => new ArmSrvRecord { Priority = r.Priority, Weight = r.Weight, Port = r.Port, Target = r.Target.Value })],
            },
            RecordType.Cname => new ArmRecordSetProperties { CnameRecord = new ArmCnameRecord { Cname = set.Values.Single().TrimEnd('.') } },
            RecordType.A => new ArmRecordSetProperties { ARecords = [.. set.Values.Select(v => new ArmARecord { Ipv4Address = v })] },
            RecordType.Aaaa => new ArmRecordSetProperties { AaaaRecords = [.. set.Values.Select(v => new ArmAaaaRecord { Ipv6Address = v })] },
            RecordType.Txt => new ArmRecordSetProperties
            {
                TxtRecords = [.. set.Values.Select(v => new ArmTxtRecord { Value = JsonSerializer.SerializeToElement([.. AzureTxtText.ToStrings(v)], ArmJsonContext.Default.StringArray) })],
            },
            _ => throw new ArgumentOutOfRangeException(nameof(set), set.Type, "not a record type srvprov writes"),
        };

        var document = new ArmRecordSetDocument { Properties = properties with { Ttl = set.Ttl } };
        return BinaryData.FromString(JsonSerializer.Serialize(document, ArmJsonContext.Default.ArmRecordSetDocument));
    }

    private static IEnumerable<string> Values(DnsName owner, RecordType type, ArmRecordSetProperties? properties)
    {
        if (properties?.TargetResource?.Id is { Length: > 0 } targetId)
        {
            // An alias record set answers with the target resource's addresses, which ARM does not list.
            return type is RecordType.A or RecordType.Aaaa
                ? [$"alias {targetId}"]
                : throw new ProviderException($"{owner.Fqdn} {type.ToMnemonic()} in Azure DNS is an alias record set (target {targetId}); srvprov cannot compare it. Remove it or make it a plain record set, then plan again.");
        }

        return type switch
        {
            RecordType.Srv => (properties?.SrvRecords ?? []).Select(r => string.Create(
                CultureInfo.InvariantCulture,
                $"{r?.Priority ?? 0} {r?.Weight ?? 0} {r?.Port ?? 0} {Absolute(r?.Target)}")),
            RecordType.Cname => properties?.CnameRecord?.Cname is { Length: > 0 } cname ? [Absolute(cname)] : [],
            RecordType.A => (properties?.ARecords ?? []).Select(r => r?.Ipv4Address ?? string.Empty),
            RecordType.Aaaa => (properties?.AaaaRecords ?? []).Select(r => r?.Ipv6Address ?? string.Empty),
            RecordType.Txt => (properties?.TxtRecords ?? []).Select(r => AzureTxtText.FromStrings(
                r?.Value is { ValueKind: JsonValueKind.Array } strings
                    ? [.. strings.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new InvalidInputException("a TXT value that is not a string"))]
                    : throw new InvalidInputException("a TXT record without its value array"))),
            _ => [],
        };
    }

    private static string Absolute(string? name) =>
        string.IsNullOrEmpty(name) ? "." : name.EndsWith('.') ? name : name + ".";
}
