namespace SrvProvisioner.Core.Discovery;

public enum CheckStatus
{
    Pass,
    Fail,
    Skip,
}
