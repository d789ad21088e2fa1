namespace SrvProvisioner.Core.Providers;

/// <summary>
/// What <see cref="IDnsProvider.SubmitAsync"/> returns: the provider has accepted a batch of
/// changes, and <see cref="Propagation"/> tells when they are in effect.
/// </summary>
public sealed class SubmittedChanges
{
    public SubmittedChanges(Task propagation)
    {
        ArgumentNullException.ThrowIfNull(propagation);
        Propagation = propagation;
    }

    /// <summary>Accepted and already in effect: nothing to wait for.</summary>
    public static SubmittedChanges InEffect { get; } = new(Task.CompletedTask);

    /// <summary>
    /// Completes when the changes are in effect on every authoritative server (Route 53:
    /// INSYNC); faults with a <see cref="Errors.SrvProvisionerException"/> when that wait fails.
    /// </summary>
    public Task Propagation { get; }
}
