namespace SrvProvisioner.Core.Providers.Resilience;

/// <summary>A failed try that will be retried: which try failed, why, and how long the executor waits.</summary>
public sealed record RetryAttempt(int FailedAttempt, Exception Error, TimeSpan Delay);
