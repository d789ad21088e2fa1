using System.Net;
using SrvProvisioner.Core.Providers.Resilience;

namespace SrvProvisioner.Providers.Route53.Api;

/// <summary>
/// Which Route 53 failures are transient (Route 53 API reference, "Common Errors"; Developer
/// Guide, "Quotas on API requests"): <c>Throttling</c> ("Rate exceeded", HTTP 400),
/// <c>PriorRequestNotComplete</c> (the zone still applies an earlier change, HTTP 400),
/// any 5xx, lost connections and timeouts. Everything else (access, validation,
/// <c>InvalidChangeBatch</c>) is final.
/// </summary>
internal static class Route53RetryClassifier
{
    public static RetryAdvice Classify(Exception exception) => exception switch
    {
        Route53ApiException api when IsThrottle(api.Code) => RetryAdvice.Retry(api.RetryAfter),
        Route53ApiException api when (int)api.StatusCode >= 500 => RetryAdvice.Retry(api.RetryAfter),
        Route53ApiException api when api.StatusCode == HttpStatusCode.TooManyRequests => RetryAdvice.Retry(api.RetryAfter),
        HttpRequestException => RetryAdvice.Retry(),
        TimeoutException => RetryAdvice.Retry(),
        _ => RetryAdvice.Stop,
    };

    public static bool IsThrottle(string code) =>
        code is "Throttling" or "ThrottlingException" or "PriorRequestNotComplete" or "RequestLimitExceeded";

    /// <summary>
    /// A failure after which the request may still have been carried out: the service may have
    /// applied it before the answer was lost. A 400 throttle is a clear refusal.
    /// </summary>
    public static bool MayHaveApplied(Exception exception) => exception switch
    {
        Route53ApiException api => (int)api.StatusCode >= 500,
        HttpRequestException or TimeoutException => true,
        _ => false,
    };
}
