namespace SrvProvisioner.Core.Errors;

/// <summary>A homeserver or deployment config file cannot be read, parsed or safely edited.</summary>
public sealed class ConfigFileException : SrvProvisionerException
{
    public ConfigFileException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
