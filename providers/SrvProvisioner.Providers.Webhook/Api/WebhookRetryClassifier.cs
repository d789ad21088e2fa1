using SrvProvisioner.Core.Providers.Resilience;

namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>
/// Which failures are retried. The protocol makes 5xx the retryable answer and every other
/// status final (tutorial "Webhook provider"), so a 4xx is never sent again. Calls that change
/// nothing (<c>GET /</c>, <c>GET /records</c>, <c>POST /adjustendpoints</c>) are also retried
/// after a lost connection or a timeout; <c>POST /records</c> is not, because the lost try may
/// have been written and sending the same creates again is not idempotent.
/// </summary>
internal static class WebhookRetryClassifier
{
    public static RetryAdvice ForReads(Exception exception) => exception switch
    {
        WebhookApiException { IsServerError: true } api => RetryAdvice.Retry(api.RetryAfter),
        HttpRequestException or TimeoutException => RetryAdvice.Retry(),
        _ => RetryAdvice.Stop,
    };

    public static RetryAdvice ForWrites(Exception exception) => exception switch
    {
        WebhookApiException { IsServerError: true } api => RetryAdvice.Retry(api.RetryAfter),
        _ => RetryAdvice.Stop,
    };
}
