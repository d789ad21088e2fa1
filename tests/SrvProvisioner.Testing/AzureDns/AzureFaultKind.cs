namespace SrvProvisioner.Testing.AzureDns;

/// <summary>Failures the Azure DNS emulator can inject, as ARM reports them.</summary>
public enum AzureFaultKind
{
    /// <summary>HTTP 429 <c>TooManyRequests</c> with <c>Retry-After</c> (<see cref="AzureFaultRule.RetryAfterSeconds"/>).</summary>
    Throttle,

    /// <summary>HTTP 409 "Another operation is pending for requested object".</summary>
    OperationPending,

    /// <summary>HTTP 500 <c>InternalServerError</c>; nothing is done.</summary>
    InternalError,

    /// <summary>The request is carried out, then answered with HTTP 500 as if the answer were lost.</summary>
    LostAnswer,
}
