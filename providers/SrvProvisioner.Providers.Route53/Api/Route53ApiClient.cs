using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers.Resilience;

namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>
/// A small typed client for the four Route 53 calls this tool needs (API version 2013-04-01).
/// Every request waits for the shared rate limiter, has its own timeout, and is retried per
/// <see cref="Route53RetryClassifier"/>. Signing happens in the <see cref="HttpClient"/>'s
/// handler chain (the SDK's <c>SigV4SigningHandler</c>), so each retry is signed afresh.
/// Kept behind the provider: swapping in AWSSDK.Route53 later touches only this folder.
/// </summary>
internal sealed class Route53ApiClient : IDisposable
{
    private const string ApiVersion = "2013-04-01";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly RequestRateLimiter _limiter;
    private readonly RetryExecutor _retry;
    private readonly TimeSpan _callTimeout;

    public Route53ApiClient(HttpClient http, Uri endpoint, RequestRateLimiter limiter, RetryExecutor retry, TimeSpan callTimeout)
    {
        _http = http;
        _endpoint = endpoint;
        _limiter = limiter;
        _retry = retry;
        _callTimeout = callTimeout;
    }

    public Uri Endpoint => _endpoint;

    /// <summary>GET /2013-04-01/hostedzonesbyname?dnsname=&amp;hostedzoneid=&amp;maxitems=</summary>
    public async Task<HostedZonePage> ListHostedZonesByNameAsync(string dnsName, string? hostedZoneId, int maxItems, CancellationToken cancellationToken)
    {
        var query = new List<(string, string)> { ("dnsname", dnsName) };
        if (hostedZoneId is not null)
        {
            query.Add(("hostedzoneid", hostedZoneId));
        }

        query.Add(("maxitems", maxItems.ToString(CultureInfo.InvariantCulture)));
        var root = await SendAsync("ListHostedZonesByName", HttpMethod.Get, "hostedzonesbyname", query, null, cancellationToken);
        return Route53Xml.ParseHostedZonesByName(root);
    }

    /// <summary>GET /2013-04-01/hostedzone/{Id}/rrset?name=&amp;type=&amp;identifier=&amp;maxitems=</summary>
    public async Task<RecordSetPage> ListResourceRecordSetsAsync(string zoneId, string startName, string? startType, string? startIdentifier, int maxItems, CancellationToken cancellationToken)
    {
        var query = new List<(string, string)> { ("name", startName) };
        if (startType is not null)
        {
            query.Add(("type", startType));
        }

        if (startIdentifier is not null)
        {
            query.Add(("identifier", startIdentifier));
        }

        query.Add(("maxitems", maxItems.ToString(CultureInfo.InvariantCulture)));
        var root = await SendAsync("ListResourceRecordSets", HttpMethod.Get, $"hostedzone/{Uri.EscapeDataString(zoneId)}/rrset", query, null, cancellationToken);
        return Route53Xml.ParseRecordSets(root);
    }

    /// <summary>
    /// POST /2013-04-01/hostedzone/{Id}/rrset/ with one atomic batch. When a retry follows a
    /// failure that may have applied the batch and Route 53 then refuses it, the error is
    /// marked <see cref="Route53ApiException.AfterUncertainAttempt"/> so that the caller can
    /// check whether the zone already holds what it asked for.
    /// </summary>
    public async Task<ApiChangeInfo> ChangeResourceRecordSetsAsync(string zoneId, IReadOnlyList<ApiChange> changes, string comment, CancellationToken cancellationToken)
    {
        var body = Route53Xml.ChangeBatchRequest(changes, comment);
        var uncertain = false;
        RetryAdvice Classify(Exception ex)
        {
            uncertain |= Route53RetryClassifier.MayHaveApplied(ex);
            return Route53RetryClassifier.Classify(ex);
        }

        try
        {
            var root = await SendAsync("ChangeResourceRecordSets", HttpMethod.Post, $"hostedzone/{Uri.EscapeDataString(zoneId)}/rrset/", [], body, cancellationToken, Classify);
            return Route53Xml.ParseChangeInfo(root);
        }
        catch (Route53ApiException ex) when (uncertain && ex.Code == "InvalidChangeBatch")
        {
            throw new Route53ApiException(ex.Action, ex.StatusCode, ex.Code, ex.AwsMessage) { AfterUncertainAttempt = true };
        }
    }

    /// <summary>GET /2013-04-01/change/{Id}</summary>
    public async Task<ApiChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken)
    {
        var root = await SendAsync("GetChange", HttpMethod.Get, $"change/{Uri.EscapeDataString(changeId)}", [], null, cancellationToken);
        return Route53Xml.ParseChangeInfo(root);
    }

    public void Dispose() => _http.Dispose();

    private Task<XElement> SendAsync(string action, HttpMethod method, string path, IReadOnlyList<(string Key, string Value)> query, XDocument? body, CancellationToken cancellationToken, RetryClassifier? classify = null)
    {
        var uri = BuildUri(path, query);
        var payload = body is null ? null : Serialise(body);
        return _retry.ExecuteAsync((_, ct) => SendOnceAsync(action, method, uri, payload, ct), classify ?? Route53RetryClassifier.Classify, cancellationToken);
    }

    private async Task<XElement> SendOnceAsync(string action, HttpMethod method, Uri uri, byte[]? payload, CancellationToken cancellationToken)
    {
        await _limiter.WaitAsync(cancellationToken);

        using var request = new HttpRequestMessage(method, uri);
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_callTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw Route53Xml.ParseError(action, response.StatusCode, text, RetryAfterHeader.Read(response));
            }

            return XElement.Parse(text);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Route 53 did not answer {action} within {_callTimeout.TotalSeconds:0} s.", ex);
        }
        catch (XmlException ex)
        {
            throw new ProviderException($"Route 53 at {_endpoint} answered {action} with text that is not XML ({ex.Message}); check --route53-endpoint.", ex);
        }
    }

    private Uri BuildUri(string path, IReadOnlyList<(string Key, string Value)> query)
    {
        var sb = new StringBuilder(_endpoint.AbsoluteUri.TrimEnd('/')).Append('/').Append(ApiVersion).Append('/').Append(path);
        for (int i = 0; i < query.Count; i++)
        {
            sb.Append(i == 0 ? '?' : '&').Append(Uri.EscapeDataString(query[i].Key)).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        }

        return new Uri(sb.ToString());
    }

    private static byte[] Serialise(XDocument body)
    {
        using var ms = new MemoryStream();
        using (var writer = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            body.Save(writer);
        }

        return ms.ToArray();
    }
}
