using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Providers.Webhook.Api;

namespace SrvProvisioner.Providers.Webhook;

/// <summary>
/// One <c>GET /records</c> answer, indexed by name and type, so that the many plans of a fleet
/// look up their few names in it without reading again (the protocol has no per-name read).
/// Endpoints of types srvprov does not read (MX, NS, ...) and names it cannot parse are left
/// out; TXT is kept (for <c>_acme-challenge</c> sets) and, like every type, parsed only when a
/// plan or hook asks for its name, so ExternalDNS's own ownership TXT records elsewhere in the
/// zone never matter; each srvprov set is one endpoint, so a name with several (weighted or geo routing,
/// told apart by <c>setIdentifier</c>) is refused when a plan asks for it.
/// </summary>
internal sealed class WebhookRecordIndex
{
    private readonly Dictionary<RecordSetKey, List<WebhookEndpoint>> _byKey;
    private readonly string _source;

    public WebhookRecordIndex(IReadOnlyList<WebhookEndpoint> endpoints, string source)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        _source = source;
        _byKey = [];
        foreach (var endpoint in endpoints)
        {
            if (endpoint is null || !TryType(endpoint.RecordType, out var type) || !DnsName.TryParse(endpoint.DnsName, out var name))
            {
                continue;
            }

            var key = new RecordSetKey(name!, type);
            if (!_byKey.TryGetValue(key, out var list))
            {
                _byKey[key] = list = [];
            }

            list.Add(endpoint);
        }

        Count = endpoints.Count;
    }

    /// <summary>Endpoints in the answer, of every type.</summary>
    public int Count { get; }

    /// <summary>The set at <paramref name="key"/>, or null when the webhook lists none.</summary>
    public RecordSet? Find(RecordSetKey key)
    {
        var endpoint = Endpoint(key);
        return endpoint is null ? null : WebhookRecordText.ToRecordSet(key.Name, key.Type, endpoint, _source);
    }

    /// <summary>The endpoint at <paramref name="key"/> exactly as the webhook listed it (for updates and deletes).</summary>
    public WebhookEndpoint? Endpoint(RecordSetKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_byKey.TryGetValue(key, out var list))
        {
            return null;
        }

        if (list.Count > 1)
        {
            var ids = string.Join(", ", list.Select(e => string.IsNullOrEmpty(e.SetIdentifier) ? "(none)" : e.SetIdentifier));
            throw new ProviderException($"{_source} lists {list.Count} {key.Type.ToMnemonic()} endpoints at {key.Name.Fqdn} (set identifiers: {ids}): routing-policy records srvprov does not manage. Keep one set there, then plan again.");
        }

        return list[0];
    }

    private static bool TryType(string? text, out RecordType type)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "SRV":
                type = RecordType.Srv;
                return true;
            case "CNAME":
                type = RecordType.Cname;
                return true;
            case "A":
                type = RecordType.A;
                return true;
            case "AAAA":
                type = RecordType.Aaaa;
                return true;
            case "TXT":
                type = RecordType.Txt;
                return true;
            default:
                type = default;
                return false;
        }
    }
}
