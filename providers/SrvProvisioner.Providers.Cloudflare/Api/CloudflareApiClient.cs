using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers.Resilience;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>
/// A small typed client for the Cloudflare API v4 calls this tool needs: zones by name, one
/// zone, DNS records by name (and type), and the DNS records batch. Every request carries the
/// bearer token, waits for the process-wide rate limiter, has its own timeout and is retried
/// per <see cref="CloudflareRetryClassifier"/>; every answer is read as the documented envelope.
/// The token lives only in this object and in the Authorization header.
/// </summary>
internal sealed class CloudflareApiClient : IDisposable
{
    /// <summary>Records a list page: Cloudflare's documented maximum for dns_records is 5,000,000, its default 100.</summary>
    public const int RecordsPerPage = 100;

    private const int ZonesPerPage = 50;
    private const int MaxPages = 1000;

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _token;
    private readonly RequestRateLimiter _limiter;
    private readonly RetryExecutor _retry;
    private readonly TimeSpan _callTimeout;

    public CloudflareApiClient(HttpClient http, Uri endpoint, string token, RequestRateLimiter limiter, RetryExecutor retry, TimeSpan callTimeout)
    {
        _http = http;
        _endpoint = endpoint;
        _token = token;
        _limiter = limiter;
        _retry = retry;
        _callTimeout = callTimeout;
    }

    public Uri Endpoint => _endpoint;

    /// <summary><c>GET /zones?name=</c>: the zones of exactly this name the token may read.</summary>
    public Task<IReadOnlyList<ApiZone>> ListZonesAsync(string name, CancellationToken cancellationToken) =>
        ListAllAsync("GET zones", "zones", [("name", name)], ZonesPerPage, CloudflareJsonContext.Default.ApiEnvelopeListApiZone, cancellationToken);

    /// <summary><c>GET /zones/{zone_id}</c>.</summary>
    public async Task<ApiZone> GetZoneAsync(string zoneId, CancellationToken cancellationToken)
    {
        var envelope = await SendAsync("GET zone", HttpMethod.Get, $"zones/{Uri.EscapeDataString(zoneId)}", [], null, CloudflareJsonContext.Default.ApiEnvelopeApiZone, null, cancellationToken);
        return envelope.Result ?? throw new ProviderException($"Cloudflare answered GET zone {zoneId} without a zone; check --cloudflare-endpoint.");
    }

    /// <summary>
    /// <c>GET /zones/{zone_id}/dns_records?name=&amp;type=</c>, every page: the records of
    /// exactly this name (and type, when given).
    /// </summary>
    public Task<IReadOnlyList<ApiDnsRecord>> ListRecordsAsync(string zoneId, string name, string? type, CancellationToken cancellationToken)
    {
        List<(string, string)> query = [("name", name)];
        if (type is not null)
        {
            query.Add(("type", type));
        }

        return ListAllAsync("GET dns_records", $"zones/{Uri.EscapeDataString(zoneId)}/dns_records", query, RecordsPerPage, CloudflareJsonContext.Default.ApiEnvelopeListApiDnsRecord, cancellationToken);
    }

    /// <summary>
    /// <c>POST /zones/{zone_id}/dns_records/batch</c>. When a retry follows a failure that may
    /// have committed the batch (a lost answer) and Cloudflare then refuses it, the error is
    /// wrapped in <see cref="UncertainBatchException"/> so that the caller can check whether
    /// the zone already holds what it asked for.
    /// </summary>
    public async Task<ApiBatchResult> BatchAsync(string zoneId, ApiBatchRequest batch, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(batch, CloudflareJsonContext.Default.ApiBatchRequest);
        var uncertain = false;
        RetryAdvice Classify(Exception ex)
        {
            uncertain |= CloudflareRetryClassifier.MayHaveApplied(ex);
            return CloudflareRetryClassifier.Classify(ex);
        }

        try
        {
            var envelope = await SendAsync("POST dns_records/batch", HttpMethod.Post, $"zones/{Uri.EscapeDataString(zoneId)}/dns_records/batch", [], body, CloudflareJsonContext.Default.ApiEnvelopeApiBatchResult, Classify, cancellationToken);
            return envelope.Result ?? new ApiBatchResult();
        }
        catch (CloudflareApiException ex) when (uncertain && (int)ex.Status < 500)
        {
            throw new UncertainBatchException(ex);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyList<T>> ListAllAsync<T>(string call, string path, IReadOnlyList<(string Key, string Value)> query, int perPage, JsonTypeInfo<ApiEnvelope<List<T>>> type, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        for (int page = 1; page <= MaxPages; page++)
        {
            List<(string, string)> paged = [.. query, ("page", page.ToString(CultureInfo.InvariantCulture)), ("per_page", perPage.ToString(CultureInfo.InvariantCulture))];
            var envelope = await SendAsync(call, HttpMethod.Get, path, paged, null, type, null, cancellationToken);
            var items = envelope.Result ?? [];
            all.AddRange(items);

            // result_info says how many there are in all; without it a short page is the last.
            var info = envelope.ResultInfo;
            var more = info is { TotalCount: > 0 }
                ? all.Count < info.TotalCount && items.Count > 0
                : items.Count >= perPage;
            if (!more)
            {
                return all;
            }
        }

        throw new ProviderException($"Cloudflare kept paging {call} beyond {MaxPages} pages; try again.");
    }

    private Task<ApiEnvelope<T>> SendAsync<T>(string call, HttpMethod method, string path, IReadOnlyList<(string Key, string Value)> query, byte[]? body, JsonTypeInfo<ApiEnvelope<T>> type, RetryClassifier? classify, CancellationToken cancellationToken)
    {
        var uri = BuildUri(path, query);
        return _retry.ExecuteAsync((_, ct) => SendOnceAsync(call, method, uri, body, type, ct), classify ?? CloudflareRetryClassifier.Classify, cancellationToken);
    }

    private async Task<ApiEnvelope<T>> SendOnceAsync<T>(string call, HttpMethod method, Uri uri, byte[]? body, JsonTypeInfo<ApiEnvelope<T>> type, CancellationToken cancellationToken)
    {
        await _limiter.WaitAsync(cancellationToken);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_callTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            ApiEnvelope<T>? envelope;
            try
            {
                envelope = JsonSerializer.Deserialize(bytes, type);
            }
            catch (JsonException) when (!response.IsSuccessStatusCode)
            {
                // A proxy's or load balancer's error page: the status is all there is.
                throw new CloudflareApiException(call, response.StatusCode, [], RetryAfterHeader.Read(response));
            }

            if (envelope is null || !response.IsSuccessStatusCode || !envelope.Success)
            {
                throw new CloudflareApiException(call, response.StatusCode, envelope?.Errors ?? [], RetryAfterHeader.Read(response));
            }

            return envelope;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Cloudflare did not answer {call} within {_callTimeout.TotalSeconds:0} s.", ex);
        }
        catch (JsonException ex)
        {
            throw new ProviderException($"Cloudflare at {_endpoint} answered {call} with something that is not its JSON envelope ({ex.Message}); check --cloudflare-endpoint.", ex);
        }
    }

    private Uri BuildUri(string path, IReadOnlyList<(string Key, string Value)> query)
    {
        var sb = new StringBuilder(_endpoint.AbsoluteUri.TrimEnd('/')).Append('/').Append(path);
        for (int i = 0; i < query.Count; i++)
        {
            sb.Append(i == 0 ? '?' : '&').Append(Uri.EscapeDataString(query[i].Key)).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        }

        return new Uri(sb.ToString());
    }
}
