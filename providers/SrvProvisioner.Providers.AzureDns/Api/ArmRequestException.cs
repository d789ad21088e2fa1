namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>
/// ARM answered an error: the HTTP status with the <c>error.code</c> and <c>error.message</c>
/// of the body (ARM's common error shape, "Azure REST API guidelines", errors).
/// <see cref="Operation"/> says what was asked ("PUT _matrix._tcp.example.com. SRV").
/// </summary>
internal sealed class ArmRequestException : Exception
{
    public ArmRequestException(string operation, int status, string code, string armMessage, int retries)
        : base($"{operation}: HTTP {status} {code}: {armMessage}")
    {
        Operation = operation;
        Status = status;
        Code = code;
        ArmMessage = armMessage;
        Retries = retries;
    }

    public string Operation { get; }

    public int Status { get; }

    public string Code { get; }

    public string ArmMessage { get; }

    /// <summary>How often the pipeline re-sent the request before giving up with this answer.</summary>
    public int Retries { get; }
}
