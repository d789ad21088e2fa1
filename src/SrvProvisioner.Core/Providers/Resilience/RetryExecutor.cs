namespace SrvProvisioner.Core.Providers.Resilience;

/// <summary>
/// Runs an operation with bounded retries per a <see cref="RetryPolicy"/>. Whether a failure
/// is retryable is the provider's call (<see cref="RetryClassifier"/>); when the classifier
/// says stop, or the attempts run out, the last exception propagates unchanged so that the
/// provider can translate it into a message for the user. Cancellation is never retried.
/// </summary>
public sealed class RetryExecutor
{
    private readonly RetryPolicy _policy;
    private readonly TimeProvider _time;
    private readonly Random _random;

    public RetryExecutor(RetryPolicy policy, TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(policy), "A retry policy needs at least one attempt.");
        }

        _policy = policy;
        _time = time ?? TimeProvider.System;
        _random = random ?? Random.Shared;
    }

    /// <summary>The policy, so that an error can say how many tries were made.</summary>
    public RetryPolicy Policy => _policy;

    /// <param name="operation">The work; receives the 1-based attempt number.</param>
    public async Task<T> ExecuteAsync<T>(Func<int, CancellationToken, Task<T>> operation, RetryClassifier classify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(classify);
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RetryAdvice advice;
            try
            {
                return await operation(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!IsCallerCancellation(ex, cancellationToken) && attempt < _policy.MaxAttempts)
            {
                advice = classify(ex);
                if (!advice.ShouldRetry || advice.ServiceDelay > _policy.MaxServiceDelay)
                {
                    throw;
                }
            }

            var delay = _policy.DelayBefore(attempt, advice.ServiceDelay, LockedRandom());
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsCallerCancellation(Exception ex, CancellationToken cancellationToken) =>
        ex is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private Random LockedRandom()
    {
        // Random.Shared is thread-safe; a seeded Random (tests) is not, so hand it out under a lock.
        if (ReferenceEquals(_random, Random.Shared))
        {
            return _random;
        }

        lock (_random)
        {
            return new Random(_random.Next());
        }
    }
}
