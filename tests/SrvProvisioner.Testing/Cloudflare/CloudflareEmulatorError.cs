namespace SrvProvisioner.Testing.Cloudflare;

/// <summary>An error answer: HTTP status and the envelope's one error.</summary>
internal sealed class CloudflareEmulatorError : Exception
{
    public CloudflareEmulatorError(int status, int code, string message, int? retryAfterSeconds = null)
        : base(message)
    {
        Status = status;
        Code = code;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Status { get; }

    public int Code { get; }

    public int? RetryAfterSeconds { get; }
}
