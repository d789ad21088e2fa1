namespace SrvProvisioner.Testing.Webhook;

/// <summary>An error answer of the test webhook: status and the plain-text message ExternalDNS's webhook server writes.</summary>
internal sealed class WebhookTestError : Exception
{
    public WebhookTestError(int status, string message)
        : base(message)
    {
        Status = status;
    }

    public int Status { get; }
}
