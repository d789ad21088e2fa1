namespace SrvProvisioner.Core.Errors;

/// <summary>A value the user gave (option, file, plan) is malformed or out of range.</summary>
public sealed class InvalidInputException : SrvProvisionerException
{
    public InvalidInputException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
