using SrvProvisioner.Core.Errors;
using SrvProvisioner.Providers.Webhook.Api;

namespace SrvProvisioner.Providers.Webhook;

/// <summary>
/// Turns what went wrong talking to the webhook into one line: what it answered, in its own
/// words where it gave any, and what to do.
/// </summary>
internal static class WebhookErrorTranslator
{
    public static SrvProvisionerException Translate(Exception exception, WebhookApiClient api) => exception switch
    {
        SrvProvisionerException known => known,
        WebhookNegotiationException n => new ProviderException(
            $"The webhook at {api.BaseUrl} answered GET / (HTTP {n.Status}) with Content-Type '{n.Answered}', but srvprov speaks '{WebhookMediaType.Full}'. Run a webhook server that speaks version 1 of the ExternalDNS webhook protocol, or fix --webhook-url.",
            n),
        WebhookApiException { IsServerError: true } e => new ProviderException(
            $"The webhook at {api.BaseUrl} answered {e.Operation} with HTTP {(int)e.Status}{Said(e)}, still after {api.MaxAttempts} tries. Check the webhook server and its DNS host, then try again.",
            e),
        WebhookApiException e => new ProviderException(
            $"The webhook at {api.BaseUrl} refused {e.Operation} with HTTP {(int)e.Status}{Said(e)}; not retried (the protocol retries only 5xx). Check the webhook server's log and --webhook-url.",
            e),
        TimeoutException t => new ProviderException(
            $"The webhook at {api.BaseUrl}: {t.Message}. Raise --webhook-timeout or check the webhook server.",
            t),
        HttpRequestException h => new ProviderException(
            $"Could not reach the webhook at {api.BaseUrl}: {h.Message} Start the webhook server (e.g. external-dns --webhook-server --provider=...) or fix --webhook-url.",
            h),
        _ => new ProviderException($"The webhook call failed: {exception.Message}", exception),
    };

    private static string Said(WebhookApiException e) => e.Body.Length > 0 ? $" ({e.Body})" : string.Empty;
}
