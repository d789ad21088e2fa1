using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Testing.Route53;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>Zone discovery for fleets: one provider instance remembers the zone listings it has seen.</summary>
public sealed class ZoneCacheTests : IAsyncLifetime
{
    private EmulatorScope _scope = null!;

    private Route53Emulator Emulator => _scope.Emulator;

    public async Task InitializeAsync() => _scope = await EmulatorScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    [Fact]
    public async Task FindZone_ForManyDomainsInTheirOwnZones_AsksOncePerPageOfZones()
    {
        var ids = Enumerable.Range(0, 250).ToDictionary(i => $"customer{i:D3}.example", i => Emulator.AddZone($"customer{i:D3}.example"));
        await using var provider = _scope.CreateProvider();

        foreach (var (name, id) in ids)
        {
            (await provider.FindZoneAsync(DnsName.Parse(name), default)).Id.ShouldBe(id);
        }

        // 250 zones in name order: pages of 100 starting at customer000, customer100, customer200.
        Emulator.Count("ListHostedZonesByName").ShouldBe(3);
    }

    [Fact]
    public async Task FindZone_ForDomainsSharingAZone_AsksOnlyForTheFirstDomain()
    {
        var id = Emulator.AddZone("chat-host.net");
        Emulator.AddZone("other.org");
        await using var provider = _scope.CreateProvider();

        foreach (var customer in new[] { "acme", "bravo", "zulu", "a-b", "x9" })
        {
            var zone = await provider.FindZoneAsync(DnsName.Parse($"{customer}.chat-host.net"), default);
            zone.Id.ShouldBe(id);
            zone.Name.ShouldBe(DnsName.Parse("chat-host.net"));
        }

        Emulator.Count("ListHostedZonesByName").ShouldBe(2);
    }

    [Fact]
    public async Task FindZone_ForDomainsSharingAZone_AsksForTheZoneOnce_WhenLookedUpAtTheSameTime()
    {
        var id = Emulator.AddZone("chat-host.net");
        await using var provider = _scope.CreateProvider();

        var zones = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => provider.FindZoneAsync(DnsName.Parse($"customer{i}.chat-host.net"), default)));

        zones.ShouldAllBe(z => z.Id == id);
        Emulator.Count("ListHostedZonesByName").ShouldBeLessThanOrEqualTo(21);
    }

    [Fact]
    public async Task FindZone_StillFindsADelegatedSubZone_AfterItsParentWasCached()
    {
        var parent = Emulator.AddZone("example.com");
        var child = Emulator.AddZone("eu.example.com");
        Emulator.AddZone("example-shop.com");
        await using var provider = _scope.CreateProvider();

        (await provider.FindZoneAsync(DnsName.Parse("a.example.com"), default)).Id.ShouldBe(parent);
        (await provider.FindZoneAsync(DnsName.Parse("b.eu.example.com"), default)).Id.ShouldBe(child);
        (await provider.FindZoneAsync(DnsName.Parse("shop.example-shop.com"), default)).Name.ShouldBe(DnsName.Parse("example-shop.com"));
        (await provider.FindZoneAsync(DnsName.Parse("c.example.com"), default)).Id.ShouldBe(parent);
    }

    [Fact]
    public async Task FindZone_SeesEveryZoneOfOneName_WhenThePageEndsInsideThem()
    {
        for (int i = 0; i < 99; i++)
        {
            Emulator.AddZone($"a{i:D2}.test");
        }

        var first = Emulator.AddZone("dup.test");
        var second = Emulator.AddZone("dup.test");
        await using var provider = _scope.CreateProvider();

        (await provider.FindZoneAsync(DnsName.Parse("a00.test"), default)).Name.ShouldBe(DnsName.Parse("a00.test"));

        // The first page ended after one of the two dup.test zones: the name is not taken from it.
        var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.FindZoneAsync(DnsName.Parse("dup.test"), default));
        ex.Message.ShouldContain(first);
        ex.Message.ShouldContain(second);
    }

    [Fact]
    public async Task Emulator_RateLimit_AnswersThrottlingBeyondTheBucket()
    {
        Emulator.AddZone("a.test");
        Emulator.AddZone("b.example");
        Emulator.AddZone("a.dev");
        Emulator.SetRateLimit(0.01, burst: 2);
        await using var provider = _scope.CreateProvider(adjust: d => d with { Retry = new RetryPolicy(1, TimeSpan.Zero, TimeSpan.Zero) });

        // Each name sorts before the last one asked for, so none is answered from the cache.
        await provider.FindZoneAsync(DnsName.Parse("a.test"), default);
        await provider.FindZoneAsync(DnsName.Parse("b.example"), default);
        var ex = await Should.ThrowAsync<ProviderException>(() => provider.FindZoneAsync(DnsName.Parse("a.dev"), default));

        ex.Message.ShouldContain("Throttling: Rate exceeded");
        Emulator.Throttled.ShouldBe(1);
        Emulator.Count("ListHostedZonesByName").ShouldBe(3);
    }
}
