namespace SrvProvisioner.Testing.AzureDns;

/// <summary>An ARM error answer: status, <c>error.code</c>, <c>error.message</c>, optional Retry-After.</summary>
internal sealed class AzureEmulatorError : Exception
{
    public AzureEmulatorError(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string Code { get; }

    public int? RetryAfterSeconds { get; init; }
}
