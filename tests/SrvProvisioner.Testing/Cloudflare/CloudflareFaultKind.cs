namespace SrvProvisioner.Testing.Cloudflare;

/// <summary>Failures the Cloudflare emulator can inject.</summary>
public enum CloudflareFaultKind
{
    /// <summary>HTTP 429 with <c>Retry-After</c> (<see cref="CloudflareFaultRule.RetryAfterSeconds"/>), code 971; nothing is done.</summary>
    Throttle,

    /// <summary>HTTP 500; nothing is done.</summary>
    InternalError,

    /// <summary>The request is carried out, then answered with HTTP 500 as if the answer were lost.</summary>
    LostAnswer,
}
