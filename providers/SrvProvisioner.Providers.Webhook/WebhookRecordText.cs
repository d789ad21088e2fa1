using System.Globalization;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Providers.Webhook.Api;

namespace SrvProvisioner.Providers.Webhook;

/// <summary>
/// Between srvprov's record sets and the protocol's endpoints: <c>dnsName</c> and SRV targets
/// without the trailing dot (<c>"10 0 8448 matrix.example.com"</c>, the form ExternalDNS and
/// its providers use), <c>recordTTL</c> in seconds. Reading accepts names and targets with or
/// without the dot, in any case.
/// TXT targets are sent in presentation form, each record's character-strings in double quotes
/// (the canonical form of <see cref="TxtRecordText"/>): ExternalDNS writes its own TXT targets
/// quoted (endpoint/labels.go, <c>Labels.Serialize(withQuotes)</c>) and providers such as its
/// rfc2136 one parse a target as zone-file text, where a string with blanks must be quoted.
/// Providers that store raw text list a target without quotes; that is one string of text.
/// </summary>
internal static class WebhookRecordText
{
    public static WebhookEndpoint ToEndpoint(RecordSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new WebhookEndpoint
        {
            DnsName = set.Name.Value,
            RecordType = set.Type.ToMnemonic(),
            Targets = [.. set.Type switch
            {
                RecordType.Srv => set.SrvRecords().Select(SrvTarget),
                RecordType.Txt => set.Values,
                _ => set.Values.Select(v => v.TrimEnd('.')),
            }],
            RecordTtl = set.Ttl,
        };
    }

    /// <summary>
    /// The record set an endpoint describes, or a <see cref="ProviderException"/> that names the
    /// endpoint when its data is not DNS srvprov can read.
    /// </summary>
    public static RecordSet ToRecordSet(DnsName name, RecordType type, WebhookEndpoint endpoint, string source)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var ttl = endpoint.RecordTtl ?? 0;
        if (ttl is < 0 or > DelegationRequest.MaxTtl)
        {
            throw new ProviderException($"{source} lists {name.Fqdn} {type.ToMnemonic()} with recordTTL {ttl}, which is not a DNS TTL (0 to {DelegationRequest.MaxTtl}, RFC 2181 §8).");
        }

        try
        {
            var targets = endpoint.Targets ?? [];
            return new RecordSet(name, type, (uint)ttl, type == RecordType.Txt ? targets.Select(TxtFromTarget) : targets);
        }
        catch (InvalidInputException ex)
        {
            throw new ProviderException($"{source} lists {name.Fqdn} {type.ToMnemonic()} with targets srvprov cannot read ({ex.Message}); fix the record at the DNS host, then plan again.", ex);
        }
    }

    private static string TxtFromTarget(string target) =>
        target.TrimStart().StartsWith('"') ? TxtRecordText.Canonicalise(target) : TxtRecordText.FromText(target);

    private static string SrvTarget(SrvRecord r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Priority} {r.Weight} {r.Port} {(r.Target.IsRoot ? "." : r.Target.Value)}");
}
