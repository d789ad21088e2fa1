using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers.Resilience;

namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>
/// The four calls of the ExternalDNS webhook protocol (tutorial "Webhook provider", OpenAPI
/// <c>api/webhook.yaml</c>): <c>GET /</c> (negotiation and domain filter), <c>GET /records</c>,
/// <c>POST /adjustendpoints</c> and <c>POST /records</c>. Every request carries the protocol's
/// media type in <c>Accept</c> (and <c>Content-Type</c> for bodies), has its own timeout, and
/// is retried only on 5xx, as the protocol says; lost connections and timeouts are retried too
/// for the calls that change nothing. Answers are read up to <see cref="MaxAnswerBytes"/>.
/// </summary>
internal sealed class WebhookApiClient : IDisposable
{
    /// <summary>A <c>GET /records</c> of 100,000 endpoints is about 20 MB; more is not a DNS zone.</summary>
    public const int MaxAnswerBytes = 64 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly RetryExecutor _retry;
    private readonly TimeSpan _timeout;

    public WebhookApiClient(HttpClient http, Uri baseUrl, RetryExecutor retry, TimeSpan timeout)
    {
        _http = http;
        _baseUrl = baseUrl;
        _retry = retry;
        _timeout = timeout;
    }

    public Uri BaseUrl => _baseUrl;

    public TimeSpan Timeout => _timeout;

    public int MaxAttempts => _retry.Policy.MaxAttempts;

    /// <summary><c>GET /</c>: the answer must carry the protocol's media type and version; its body is the domain filter.</summary>
    public async Task<DomainFilterJson> NegotiateAsync(CancellationToken cancellationToken) =>
        await SendAsync("GET /", HttpMethod.Get, string.Empty, null, WebhookJsonContext.Default.DomainFilterJson, idempotent: true, negotiate: true, cancellationToken) ?? new DomainFilterJson();

    /// <summary><c>GET /records</c>: every endpoint the provider manages (the protocol has no per-name read).</summary>
    public async Task<IReadOnlyList<WebhookEndpoint>> GetRecordsAsync(CancellationToken cancellationToken) =>
        await SendAsync("GET /records", HttpMethod.Get, "records", null, WebhookJsonContext.Default.ListWebhookEndpoint, idempotent: true, negotiate: false, cancellationToken) ?? [];

    /// <summary><c>POST /adjustendpoints</c>: the endpoints as the provider would store them. Changes nothing, so it is retried like a read.</summary>
    public async Task<IReadOnlyList<WebhookEndpoint>> AdjustEndpointsAsync(IReadOnlyList<WebhookEndpoint> endpoints, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes([.. endpoints], WebhookJsonContext.Default.ListWebhookEndpoint);
        return await SendAsync("POST /adjustendpoints", HttpMethod.Post, "adjustendpoints", body, WebhookJsonContext.Default.ListWebhookEndpoint, idempotent: true, negotiate: false, cancellationToken) ?? [];
    }

    /// <summary>
    /// <c>POST /records</c> with the changes; any 2xx is success (the protocol answers 204).
    /// A 5xx is retried, since the protocol makes it the retryable answer; when a later try then
    /// fails, the error says whether a try may have written part of the changes
    /// (<see cref="WebhookWriteException.MayHaveWritten"/>).
    /// </summary>
    public async Task ApplyChangesAsync(WebhookChanges changes, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(changes, WebhookJsonContext.Default.WebhookChanges);
        var serverErrors = 0;
        try
        {
            await _retry.ExecuteAsync(
                async (_, ct) =>
                {
                    try
                    {
                        await SendOnceAsync("POST /records", HttpMethod.Post, "records", body, negotiate: false, ct);
                        return true;
                    }
                    catch (WebhookApiException ex) when (ex.IsServerError)
                    {
                        serverErrors++;
                        throw;
                    }
                },
                WebhookRetryClassifier.ForWrites,
                cancellationToken);
        }
        catch (Exception ex) when (ex is WebhookApiException or TimeoutException or HttpRequestException)
        {
            // A connection that was never made wrote nothing; a 5xx (now or on an earlier try),
            // a timeout or a connection lost mid-request may have written some of the changes.
            var mayHaveWritten = serverErrors > 0 || ex is TimeoutException || ex is HttpRequestException { HttpRequestError: not HttpRequestError.ConnectionError };
            throw new WebhookWriteException(ex, mayHaveWritten);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T?> SendAsync<T>(string operation, HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> type, bool idempotent, bool negotiate, CancellationToken cancellationToken)
    {
        var answer = await _retry.ExecuteAsync(
            (_, ct) => SendOnceAsync(operation, method, path, body, negotiate, ct),
            idempotent ? WebhookRetryClassifier.ForReads : WebhookRetryClassifier.ForWrites,
            cancellationToken);
        if (answer.Length == 0)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize(answer, type);
        }
        catch (JsonException ex)
        {
            throw new ProviderException($"The webhook at {_baseUrl} answered {operation} with JSON srvprov cannot read ({ex.Message}); is it an ExternalDNS webhook provider?", ex);
        }
    }

    private async Task<byte[]> SendOnceAsync(string operation, HttpMethod method, string path, byte[]? body, bool negotiate, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUrl, path));
        request.Headers.Accept.Add(WebhookMediaType.Accept());
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = WebhookMediaType.ContentType();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);

            // Read as sent, before anything parses it (the parsed form re-spaces its parameters).
            var answered = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var raw) ? raw.ToString() : string.Empty;
            var content = await ReadBoundedAsync(operation, response.Content, timeout.Token);
            if (negotiate
                && (int)response.StatusCode is 406 or 415 or (>= 200 and < 300)
                && !WebhookMediaType.IsSpoken(MediaTypeHeaderValue.TryParse(answered, out var parsed) ? parsed : null))
            {
                throw new WebhookNegotiationException(answered.Length == 0 ? "(none)" : answered[..Math.Min(answered.Length, 120)], (int)response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new WebhookApiException(operation, response.StatusCode, ErrorText(content), RetryAfterHeader.Read(response));
            }

            return content;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer to {operation} within {_timeout.TotalSeconds:0.#} s", ex);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(string operation, HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxAnswerBytes)
        {
            throw new ProviderException($"The webhook at {_baseUrl} answered {operation} with {content.Headers.ContentLength} bytes, more than srvprov reads ({MaxAnswerBytes / 1024 / 1024} MiB).");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                throw new ProviderException($"The webhook at {_baseUrl} answered {operation} with more than {MaxAnswerBytes / 1024 / 1024} MiB; srvprov stops reading there.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The start of an error answer, on one line, for the user's message.</summary>
    private static string ErrorText(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 300));
        var oneLine = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return new string([.. oneLine.Where(c => !char.IsControl(c))]);
    }
}
