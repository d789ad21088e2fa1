using System.Net;

namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>
/// The webhook answered a request with a status other than 2xx. <see cref="Operation"/> says
/// which (<c>POST /records</c>); <see cref="Body"/> is the start of its answer, which
/// webhook servers use for their error text.
/// </summary>
internal sealed class WebhookApiException : Exception
{
    public WebhookApiException(string operation, HttpStatusCode status, string body, TimeSpan? retryAfter)
        : base($"{operation}: HTTP {(int)status}{(body.Length > 0 ? ": " + body : string.Empty)}")
    {
        Operation = operation;
        Status = status;
        Body = body;
        RetryAfter = retryAfter;
    }

    public string Operation { get; }

    public HttpStatusCode Status { get; }

    public string Body { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>The protocol retries 5xx only ("Webhook provider": other answers are final).</summary>
    public bool IsServerError => (int)Status >= 500;
}
