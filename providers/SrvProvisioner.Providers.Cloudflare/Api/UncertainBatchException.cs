namespace SrvProvisioner.Providers.Cloudflare.Api;

/// <summary>
/// Cloudflare refused a batch on a retry that followed a failure which may have committed it
/// (the first answer was lost): the refusal may be caused by our own earlier, successful try.
/// </summary>
internal sealed class UncertainBatchException : Exception
{
    public UncertainBatchException(CloudflareApiException refusal)
        : base(refusal.Message, refusal)
    {
        Refusal = refusal;
    }

    public CloudflareApiException Refusal { get; }
}
