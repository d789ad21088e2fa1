namespace SrvProvisioner.Core.Errors;

/// <summary>
/// A file the tool would read or write is not safe to use as given: not a regular file, hard
/// linked, too large, locked by another run, or an output that would replace an input. Nothing
/// was written; the message says what to change.
/// </summary>
public sealed class FileSafetyException : SrvProvisionerException
{
    public FileSafetyException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
