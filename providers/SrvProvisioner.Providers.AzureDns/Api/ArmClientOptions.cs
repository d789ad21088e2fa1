using Azure.Core;

namespace SrvProvisioner.Providers.AzureDns.Api;

/// <summary>Azure.Core client options for the small ARM DNS client (retry, timeout, diagnostics).</summary>
internal sealed class ArmClientOptions : ClientOptions
{
}
