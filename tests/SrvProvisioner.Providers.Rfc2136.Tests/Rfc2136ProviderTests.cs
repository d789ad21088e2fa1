using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.Bind;

namespace SrvProvisioner.Providers.Rfc2136.Tests;

/// <summary>
/// The provider's own guarantee, below the CLI's pre-check: the server refuses the whole
/// update when a prerequisite no longer holds.
/// </summary>
public sealed class Rfc2136ProviderTests
{
    private static IDnsProvider Create(BindServer server) => new Rfc2136ProviderFactory().Create(new ProviderSettings("rfc2136", new Dictionary<string, string>
    {
        [Rfc2136ProviderFactory.ServerOption] = server.Address,
        [Rfc2136ProviderFactory.KeyFileOption] = server.KeyFilePath,
    }));

    [Fact]
    public async Task ApplyAsync_RefusesWholeBatch_WhenOneSetChangedBehindItsBack()
    {
        await using var server = await BindServer.StartAsync([TestZones.ExampleCom()]);
        await using var provider = Create(server);
        var serverName = DnsName.ParseServerName("example.com");
        var zone = await provider.FindZoneAsync(serverName, CancellationToken.None);
        zone.Name.ShouldBe(DnsName.Parse("example.com"));

        var want = new[] { SrvRecord.Parse("10 0 8448 matrix.example.com.") };
        var changes = new[]
        {
            new RecordSetChange(null, RecordSet.Srv(MatrixSrvNames.Fed(serverName), 3600, want)),
            new RecordSetChange(null, RecordSet.Srv(MatrixSrvNames.Legacy(serverName), 3600, want)),
        };

        await DnsQuery.AddSrvAsync(server, "_matrix._tcp.example.com", "other.example.com");

        await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(zone, changes, CancellationToken.None));
        (await DnsQuery.SrvAsync(server, "_matrix-fed._tcp.example.com")).ShouldBeEmpty();
        (await DnsQuery.SrvAsync(server, "_matrix._tcp.example.com")).ShouldBe(["5 0 8448 other.example.com."]);
    }

    [Fact]
    public async Task ApplyAsync_RefusesUpdate_WhenValueDependentPrerequisiteNoLongerMatches()
    {
        await using var server = await BindServer.StartAsync([TestZones.ExampleCom("_matrix._tcp IN SRV 5 0 443 old.example.com.")]);
        await using var provider = Create(server);
        var name = DnsName.Parse("_matrix._tcp.example.com");
        var zone = await provider.FindZoneAsync(DnsName.ParseServerName("example.com"), CancellationToken.None);
        var seen = (await provider.GetRecordSetsAsync(zone, [new RecordSetKey(name, RecordType.Srv)], CancellationToken.None)).Single();
        seen.Values.ShouldBe(["5 0 443 old.example.com."]);

        // Someone adds a second record to the set after we read it.
        await DnsQuery.AddSrvAsync(server, "_matrix._tcp.example.com", "sneaky.example.com");

        var change = new RecordSetChange(seen, RecordSet.Srv(name, 3600, [SrvRecord.Parse("10 0 8448 matrix.example.com.")]));
        await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(zone, [change], CancellationToken.None));
        (await DnsQuery.SrvAsync(server, "_matrix._tcp.example.com")).ShouldBe(["5 0 443 old.example.com.", "5 0 8448 sneaky.example.com."]);
    }

    [Fact]
    public async Task FindZoneAsync_FailsClearly_WhenServerDoesNotServeTheName()
    {
        await using var server = await BindServer.StartAsync([TestZones.ExampleCom()]);
        await using var provider = Create(server);
        var ex = await Should.ThrowAsync<SrvProvisionerException>(() => provider.FindZoneAsync(DnsName.ParseServerName("example.org"), CancellationToken.None));
        ex.Message.ShouldContain("example.org");
    }
}
