namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>The webhook answered <c>GET /</c> with another media type or protocol version than srvprov speaks.</summary>
internal sealed class WebhookNegotiationException : Exception
{
    public WebhookNegotiationException(string answered, int status)
        : base($"answered {status} with Content-Type '{answered}'")
    {
        Answered = answered;
        Status = status;
    }

    public string Answered { get; }

    public int Status { get; }
}
