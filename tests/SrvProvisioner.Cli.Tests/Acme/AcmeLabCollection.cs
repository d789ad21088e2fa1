namespace SrvProvisioner.Cli.Tests.Acme;

/// <summary>The ACME tests share one lab: its name server holds port 53 of 127.0.53.19.</summary>
[CollectionDefinition(Name)]
public sealed class AcmeLabCollection : ICollectionFixture<AcmeLabFixture>
{
    public const string Name = "acme-lab";
}
