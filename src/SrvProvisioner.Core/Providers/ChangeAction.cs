namespace SrvProvisioner.Core.Providers;

public enum ChangeAction
{
    Create,
    Update,
    Delete,
}
