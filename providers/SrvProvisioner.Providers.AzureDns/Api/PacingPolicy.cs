using Azure.Core;
using Azure.Core.Pipeline;
using SrvProvisioner.Core.Providers.Resilience;

namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>
/// Spaces every try (retries included: the policy sits among the per-retry policies) through
/// the process-wide limiter of its kind, reads (GET) or writes (PUT, DELETE), so that all
/// domains a fleet run sends to one subscription stay under the Microsoft.Network limits
/// together rather than each on its own.
/// </summary>
internal sealed class PacingPolicy : HttpPipelinePolicy
{
    private readonly RequestRateLimiter _reads;
    private readonly RequestRateLimiter _writes;

    public PacingPolicy(RequestRateLimiter reads, RequestRateLimiter writes)
    {
        _reads = reads;
        _writes = writes;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ArgumentNullException.ThrowIfNull(message);
        await LimiterFor(message).WaitAsync(message.CancellationToken);
        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        // The client only sends asynchronously; a synchronous caller still gets paced.
        ArgumentNullException.ThrowIfNull(message);
        LimiterFor(message).WaitAsync(message.CancellationToken).AsTask().GetAwaiter().GetResult();
        ProcessNext(message, pipeline);
    }

    private RequestRateLimiter LimiterFor(HttpMessage message) =>
        message.Request.Method == RequestMethod.Get || message.Request.Method == RequestMethod.Head ? _reads : _writes;
}
