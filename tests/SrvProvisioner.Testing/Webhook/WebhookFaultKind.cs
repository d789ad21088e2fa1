namespace SrvProvisioner.Testing.Webhook;

/// <summary>What an injected fault does to a matching request.</summary>
public enum WebhookFaultKind
{
    /// <summary>503 before the request is served (nothing changes): the protocol's retryable answer.</summary>
    ServiceUnavailable,

    /// <summary>400 before the request is served: a final answer the client must not retry.</summary>
    BadRequest,

    /// <summary>The request is served (a write is made), then the answer is replaced by 500, as when a server fails after writing.</summary>
    LoseAnswer,

    /// <summary>The answer is held for <see cref="WebhookFaultRule.Delay"/> before the request is served.</summary>
    Slow,
}
