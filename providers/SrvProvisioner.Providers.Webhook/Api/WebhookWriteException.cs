namespace SrvProvisioner.Providers.Webhook.Api;

/// <summary>
/// <c>POST /records</c> failed. <see cref="MayHaveWritten"/> is true when a try may have
/// reached the provider before failing (a 5xx, a timeout, a connection lost mid-request): the
/// protocol has no transactions, so part of the changes may be in the zone.
/// </summary>
internal sealed class WebhookWriteException : Exception
{
    public WebhookWriteException(Exception innerException, bool mayHaveWritten)
        : base(innerException?.Message, innerException)
    {
        MayHaveWritten = mayHaveWritten;
    }

    public bool MayHaveWritten { get; }
}
