namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>The migration tests share one lab: its name servers hold port 53 of 127.0.53.1 and 127.0.53.2.</summary>
[CollectionDefinition(Name)]
public sealed class MigrationLabCollection : ICollectionFixture<MigrationLabFixture>
{
    public const string Name = "migration-lab";
}
