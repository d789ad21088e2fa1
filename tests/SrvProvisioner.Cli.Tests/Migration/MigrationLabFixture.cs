using SrvProvisioner.Testing.Migration;

namespace SrvProvisioner.Cli.Tests.Migration;

/// <summary>One <see cref="MigrationLab"/> (name servers on 127.0.53.1/2 port 53) for the migration tests.</summary>
public sealed class MigrationLabFixture : IAsyncLifetime
{
    public MigrationLab Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await MigrationLab.StartAsync();

    public async Task DisposeAsync()
    {
        if (Lab is not null)
        {
            await Lab.DisposeAsync();
        }
    }
}
