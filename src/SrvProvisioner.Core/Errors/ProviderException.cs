namespace SrvProvisioner.Core.Errors;

/// <summary>A DNS provider could not be reached, refused the request, or answered an error.</summary>
public sealed class ProviderException : SrvProvisionerException
{
    public ProviderException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
