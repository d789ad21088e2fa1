using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Core.Hosting;

namespace SrvProvisioner.Core.Providers;

/// <summary>
/// What a provider factory takes from its surroundings, in one place: the environment it reads
/// variables from (secrets, endpoints, subscriptions), the HTTP transport under its API client,
/// the clock, and how long it waits between retries and polls. The composition root
/// (<c>Cli/Composition/ProviderCatalog</c>) gives every factory <see cref="Default"/>; tests give
/// a fixed environment, a transport to a loopback emulator and short waits through the same
/// constructor. A factory reads no environment variable and builds no transport by other means.
/// </summary>
public sealed record ProviderDependencies
{
    /// <summary>The process environment, the platform's transports, the system clock, each provider's own waits.</summary>
    public static ProviderDependencies Default { get; } = new();

    /// <summary>Reads an environment variable: its value, or null when it is not set.</summary>
    public Func<string, string?> Environment { get; init; } = EnvironmentReader.Process.Get;

    /// <summary>
    /// The handler under the provider's <see cref="HttpClient"/> (a signer or an SDK pipeline
    /// still sits above it); null for the provider's own <see cref="SocketsHttpHandler"/>. The
    /// provider does not dispose a handler it was given.
    /// </summary>
    public HttpMessageHandler? Transport { get; init; }

    /// <summary>The clock for retry waits and polling.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Backoff between retries of a failed API call; null for the provider's default (<see cref="RetryPolicy.Default"/>). A service's own <c>Retry-After</c> still wins.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>The wait between polls of a submitted change's status; null for the provider's default.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>How long one API request may take where no provider option sets it; null for the provider's default.</summary>
    public TimeSpan? RequestTimeout { get; init; }
}
