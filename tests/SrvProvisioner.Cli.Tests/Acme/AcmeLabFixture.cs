using SrvProvisioner.Testing.Acme;

namespace SrvProvisioner.Cli.Tests.Acme;

/// <summary>One <see cref="AcmeLab"/> (BIND on 127.0.53.19:53, pebble) for the ACME tests.</summary>
public sealed class AcmeLabFixture : IAsyncLifetime
{
    public AcmeLab Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await AcmeLab.StartAsync();

    public async Task DisposeAsync()
    {
        if (Lab is not null)
        {
            await Lab.DisposeAsync();
        }
    }
}
