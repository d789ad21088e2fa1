namespace SrvProvisioner.Core.Errors;

/// <summary>
/// Base of every error the tool reports to a user as one or two lines. Its message says what
/// is wrong and what to do; the CLI prints it without a stack trace and exits 1.
/// </summary>
public abstract class SrvProvisionerException : Exception
{
    protected SrvProvisionerException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
