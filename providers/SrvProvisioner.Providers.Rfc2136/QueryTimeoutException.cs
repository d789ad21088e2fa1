using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Providers.Rfc2136;

/// <summary>A query got no answer (or the socket failed): worth another try.</summary>
internal sealed class QueryTimeoutException : SrvProvisionerException
{
    public QueryTimeoutException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
