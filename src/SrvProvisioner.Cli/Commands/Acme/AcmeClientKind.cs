namespace SrvProvisioner.Cli.Commands.Acme;

/// <summary>The ACME clients <c>srvprov cert</c> drives.</summary>
internal enum AcmeClientKind
{
    Certbot,
    Lego,
}
