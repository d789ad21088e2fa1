using Azure.Core;

namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>
/// Azure.Core's default classifier retries 408, 429, 500, 502, 503, 504 and network failures
/// (honouring <c>Retry-After</c>, <c>retry-after-ms</c> and <c>x-ms-retry-after-ms</c>). Azure
/// DNS also answers 409 "Another operation is pending for requested object" while an earlier
/// write to the same record set or zone is still being processed: that is transient too. Any
/// other 409 (a real conflict) is not retried.
/// </summary>
internal sealed class ArmResponseClassifier : ResponseClassifier
{
    public override bool IsRetriableResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (base.IsRetriableResponse(message))
        {
            return true;
        }

        return message.Response.Status == 409 && IsAnotherOperationPending(message.Response.Content?.ToString());
    }

    public static bool IsAnotherOperationPending(string? body) =>
        body is not null
        && (body.Contains("Another operation is pending", StringComparison.OrdinalIgnoreCase)
            || body.Contains("AnotherOperationInProgress", StringComparison.OrdinalIgnoreCase));
}
