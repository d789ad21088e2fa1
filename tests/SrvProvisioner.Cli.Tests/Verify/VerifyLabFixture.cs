using SrvProvisioner.Testing.Nginx;

namespace SrvProvisioner.Cli.Tests.Verify;

/// <summary>One <see cref="FederationLab"/> for the CLI's verify tests.</summary>
public sealed class VerifyLabFixture : IAsyncLifetime
{
    public FederationLab Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await FederationLab.StartAsync();

    public async Task DisposeAsync()
    {
        if (Lab is not null)
        {
            await Lab.DisposeAsync();
        }
    }
}
