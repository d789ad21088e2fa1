namespace SrvProvisioner.Core.Planning;

public enum Severity
{
    Info,
    Warning,
    Error,
}
