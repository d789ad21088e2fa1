namespace SrvProvisioner.Testing.Route53;

/// <summary>Failures the emulator can inject, as Route 53 reports them.</summary>
public enum FaultKind
{
    /// <summary>HTTP 400 <c>Throttling</c> "Rate exceeded".</summary>
    Throttling,

    /// <summary>HTTP 400 <c>PriorRequestNotComplete</c>.</summary>
    PriorRequestNotComplete,

    /// <summary>HTTP 500 <c>InternalFailure</c>.</summary>
    InternalError,

    /// <summary>HTTP 503 <c>ServiceUnavailable</c> with a Retry-After header.</summary>
    ServiceUnavailable,

    /// <summary>The request is carried out, then answered with HTTP 500 as if the answer were lost.</summary>
    LostAnswer,

    /// <summary>The request is answered normally after <see cref="FaultRule.Delay"/>.</summary>
    Slow,
}
