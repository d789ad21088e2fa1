using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Testing.Nginx;

namespace SrvProvisioner.Core.Tests.Discovery;

/// <summary>One <see cref="FederationLab"/> (BIND, nginx, stub homeserver) for the verify tests of this class.</summary>
public sealed class FederationLabFixture : IAsyncLifetime
{
    public FederationLab Lab { get; private set; } = null!;

    public VerifySettings Settings => new(TimeSpan.FromSeconds(20))
    {
        DnsServer = Lab.Bind.Address,
        ConnectTo = Lab.ConnectTo,
        CaFile = Lab.CaFile,
    };

    public async Task InitializeAsync() => Lab = await FederationLab.StartAsync();

    public async Task DisposeAsync()
    {
        if (Lab is not null)
        {
            await Lab.DisposeAsync();
        }
    }
}
