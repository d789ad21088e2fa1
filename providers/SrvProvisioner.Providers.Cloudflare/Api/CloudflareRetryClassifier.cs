using System.Net;
using SrvProvisioner.Core.Providers.Resilience;

namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>
/// Which Cloudflare failures are transient: 429 (the global rate limit, 1,200 requests per 5
/// minutes per user; wait at least <c>Retry-After</c>), any 5xx, lost connections and
/// timeouts. Everything else (authentication, permissions, validation, a batch refused because
/// a record id no longer exists) is final.
/// </summary>
internal static class CloudflareRetryClassifier
{
    public static RetryAdvice Classify(Exception exception) => exception switch
    {
        CloudflareApiException api when api.Status == HttpStatusCode.TooManyRequests => RetryAdvice.Retry(api.RetryAfter),
        CloudflareApiException api when (int)api.Status >= 500 => RetryAdvice.Retry(api.RetryAfter),
        HttpRequestException => RetryAdvice.Retry(),
        TimeoutException => RetryAdvice.Retry(),
        _ => RetryAdvice.Stop,
    };

    /// <summary>
    /// A batch failure after which the batch may still have been committed (the answer was
    /// lost). A 429 is a clear refusal: nothing was done.
    /// </summary>
    public static bool MayHaveApplied(Exception exception) => exception switch
    {
        CloudflareApiException api => (int)api.Status >= 500,
        HttpRequestException or TimeoutException => true,
        _ => false,
    };
}
