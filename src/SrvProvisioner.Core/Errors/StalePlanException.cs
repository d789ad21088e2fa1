namespace SrvProvisioner.Core.Errors;

/// <summary>
/// What a plan observed no longer holds (a record set or a config file changed since the
/// plan). Nothing was changed; the user re-plans.
/// </summary>
public sealed class StalePlanException : SrvProvisionerException
{
    public StalePlanException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
