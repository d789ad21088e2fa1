using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Providers.AzureDns.Api.Json;

namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>
/// The few Azure Resource Manager calls the provider needs (Microsoft.Network DNS, api-version
/// 2018-05-01: "Zones - List", "Zones - List By Resource Group", "Zones - Get",
/// "Record Sets - Get / Create Or Update / Delete"), sent through an Azure.Core
/// <see cref="HttpPipeline"/> that authenticates, paces, retries and times out each try.
/// Kept behind the provider so that Azure.ResourceManager.Dns could replace it in one folder.
/// </summary>
internal sealed partial class ArmDnsClient : IDisposable
{
    public const string ApiVersion = "2018-05-01";

    private readonly HttpPipeline _pipeline;
    private readonly IDisposable? _transport;

    public ArmDnsClient(HttpPipeline pipeline, Uri endpoint, string subscriptionId, IDisposable? transport = null)
    {
        _pipeline = pipeline;
        Endpoint = endpoint;
        SubscriptionId = subscriptionId;
        _transport = transport;
    }

    public Uri Endpoint { get; }

    public string SubscriptionId { get; }

    /// <summary>All DNS zones of the subscription, or of one resource group, following <c>nextLink</c>.</summary>
    public async Task<IReadOnlyList<ArmZone>> ListZonesAsync(string? resourceGroup, int pageSize, CancellationToken cancellationToken)
    {
        var path = resourceGroup is null
            ? $"/subscriptions/{Escape(SubscriptionId)}/providers/Microsoft.Network/dnszones"
            : $"/subscriptions/{Escape(SubscriptionId)}/resourceGroups/{Escape(resourceGroup)}/providers/Microsoft.Network/dnszones";
        var next = Url(path, string.Create(CultureInfo.InvariantCulture, $"&$top={pageSize}"));
        var zones = new List<ArmZone>();
        var operation = resourceGroup is null ? "list DNS zones of the subscription" : $"list DNS zones of resource group {resourceGroup}";
        for (int page = 0; next is not null; page++)
        {
            if (page == 10_000)
            {
                throw new ProviderException($"Azure kept paging while asked to {operation}; try again or give --azure-resource-group and --azure-zone.");
            }

            var response = await SendAsync(RequestMethod.Get, next, operation, null, null, cancellationToken);
            var root = JsonSerializer.Deserialize(response.Content.ToString(), ArmJsonContext.Default.ArmZonePage);
            zones.AddRange((root?.Value ?? []).Select(ZoneOf).OfType<ArmZone>());
            next = root?.NextLink is { Length: > 0 } link ? CheckedNextLink(link) : null;
        }

        return zones;
    }

    /// <summary>One zone by resource group and name; null when ARM answers 404.</summary>
    public async Task<ArmZone?> GetZoneAsync(string resourceGroup, string zoneName, CancellationToken cancellationToken)
    {
        var path = $"/subscriptions/{Escape(SubscriptionId)}/resourceGroups/{Escape(resourceGroup)}/providers/Microsoft.Network/dnsZones/{Escape(zoneName)}";
        var response = await SendAsync(RequestMethod.Get, Url(path), $"GET zone {zoneName} in resource group {resourceGroup}", null, null, cancellationToken, allow404: true);
        return response.Status == 404 ? null : ZoneOf(JsonSerializer.Deserialize(response.Content.ToString(), ArmJsonContext.Default.ArmZoneDocument));
    }

    /// <summary>The record set, or null when it does not exist (404).</summary>
    public async Task<RecordSet?> GetRecordSetAsync(string zoneId, DnsName zoneName, RecordSetKey key, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestMethod.Get, RecordSetUrl(zoneId, zoneName, key), Describe("GET", key), null, null, cancellationToken, allow404: true);
        return response.Status == 404 ? null : ArmRecordSetJson.Parse(key.Name, key.Type, response.Content, response.ETag);
    }

    /// <summary>
    /// PUT with <c>If-None-Match: *</c> (<paramref name="ifMatch"/> null: create only) or
    /// <c>If-Match</c> (replace only that version). 412 comes back as a response, not an exception.
    /// </summary>
    public Task<ArmResponse> PutRecordSetAsync(string zoneId, DnsName zoneName, RecordSet set, string? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        return SendAsync(
            RequestMethod.Put,
            RecordSetUrl(zoneId, zoneName, set.Key),
            Describe("PUT", set.Key),
            ArmRecordSetJson.Body(set),
            r => Condition(r, ifMatch),
            cancellationToken,
            allow412: true);
    }

    /// <summary>DELETE with <c>If-Match</c>; 204 (already absent) and 412 come back as responses.</summary>
    public Task<ArmResponse> DeleteRecordSetAsync(string zoneId, DnsName zoneName, RecordSetKey key, string ifMatch, CancellationToken cancellationToken) =>
        SendAsync(RequestMethod.Delete, RecordSetUrl(zoneId, zoneName, key), Describe("DELETE", key), null, r => Condition(r, ifMatch), cancellationToken, allow412: true);

    public void Dispose() => _transport?.Dispose();

    /// <summary>A zone resource ID this client may address: a DNS zone of its own subscription.</summary>
    public bool IsZoneIdOfSubscription(string zoneId)
    {
        var match = ZoneIdPattern().Match(zoneId);
        return match.Success && string.Equals(match.Groups["sub"].Value, SubscriptionId, StringComparison.OrdinalIgnoreCase);
    }

    private static void Condition(Request request, string? ifMatch)
    {
        if (ifMatch is null)
        {
            request.Headers.SetValue("If-None-Match", "*");
        }
        else
        {
            request.Headers.SetValue("If-Match", ifMatch);
        }
    }

    private static string Describe(string method, RecordSetKey key) => $"{method} {key.Name.Fqdn} {key.Type.ToMnemonic()}";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private ArmZone? ZoneOf(ArmZoneDocument? node)
    {
        var id = node?.Id;
        var name = node?.Name;
        if (id is null || name is null || ZoneIdPattern().Match(id) is not { Success: true } match)
        {
            return null;
        }

        var zoneType = node!.Properties?.ZoneType;
        return new ArmZone(DnsName.Parse(name), id, match.Groups["rg"].Value)
        {
            IsPrivate = string.Equals(zoneType, "Private", StringComparison.OrdinalIgnoreCase),
        };
    }

    private Uri RecordSetUrl(string zoneId, DnsName zoneName, RecordSetKey key)
    {
        if (!IsZoneIdOfSubscription(zoneId))
        {
            throw new InvalidInputException($"'{zoneId}' is not the resource ID of a DNS zone in subscription {SubscriptionId}; run plan again with --provider azure.");
        }

        var relative = key.Name.RelativeTo(zoneName);
        return Url($"{zoneId.TrimEnd('/')}/{ArmRecordSetJson.TypeSegment(key.Type)}/{Escape(relative)}");
    }

    private Uri Url(string path, string extraQuery = "") =>
        new($"{Endpoint.AbsoluteUri.TrimEnd('/')}{path}?api-version={ApiVersion}{extraQuery}");

    /// <summary>
    /// A <c>nextLink</c> is followed only to the endpoint it came from: the request carries the
    /// bearer token, which must never go to a host the user did not name.
    /// </summary>
    private Uri CheckedNextLink(string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri)
            || uri.Scheme != Endpoint.Scheme
            || !string.Equals(uri.IdnHost, Endpoint.IdnHost, StringComparison.OrdinalIgnoreCase)
            || uri.Port != Endpoint.Port)
        {
            throw new ProviderException($"Azure answered a nextLink to another place ({(Uri.TryCreate(link, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : "not a URL")}) than --azure-endpoint {Endpoint.GetLeftPart(UriPartial.Authority)}; refusing to send the token there.");
        }

        return uri;
    }

    private async Task<ArmResponse> SendAsync(
        RequestMethod method,
        Uri uri,
        string operation,
        BinaryData? body,
        Action<Request>? configure,
        CancellationToken cancellationToken,
        bool allow404 = false,
        bool allow412 = false)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(uri);
        request.Headers.SetValue("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.SetValue("Content-Type", "application/json");
            request.Content = RequestContent.Create(body);
        }

        configure?.Invoke(request);
        await _pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        response.Headers.TryGetValue("ETag", out var etag);
        var result = new ArmResponse(response.Status, response.Content ?? BinaryData.Empty, etag?.Trim('"'), Math.Max(0, message.ProcessingContext.RetryNumber));
        if (result.IsSuccess || (allow404 && result.Status == 404) || (allow412 && result.Status == 412))
        {
            return result;
        }

        var (code, armMessage) = ArmJson.Error(result.Content, result.Status);
        throw new ArmRequestException(operation, result.Status, code, armMessage, result.Retries);
    }

    [GeneratedRegex(@"^/subscriptions/(?<sub>[^/]+)/resourceGroups/(?<rg>[^/]+)/providers/Microsoft\.Network/dnszones/[^/]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ZoneIdPattern();
}
