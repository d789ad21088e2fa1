using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.AzureDns;

namespace SrvProvisioner.Providers.AzureDns.Tests;

/// <summary>The provider in-process against the ARM emulator: zones, reads, conditional writes, order.</summary>
public sealed class AzureDnsProviderTests : IAsyncLifetime
{
    private const string Fed = "_matrix-fed._tcp.example.com";
    private const string Legacy = "_matrix._tcp.example.com";

    private AzureScope _scope = null!;

    private AzureDnsEmulator Emulator => _scope.Emulator;

    public async Task InitializeAsync() => _scope = await AzureScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    [Fact]
    public async Task FindZone_PicksTheLongestEnclosingZone_AcrossResourceGroups()
    {
        var parent = _scope.AddExampleZone("example.com", "rg-parent");
        var child = _scope.AddExampleZone("chat.example.com", "rg-child");
        _scope.AddExampleZone("other.org", "rg-parent");
        await using var provider = _scope.CreateProvider();

        var forChild = await provider.FindZoneAsync(DnsName.Parse("chat.example.com"), default);
        var forParent = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);

        forChild.Name.Value.ShouldBe("chat.example.com");
        forChild.Id.ShouldBe(child.Id);
        forParent.Id.ShouldBe(parent.Id);
        Emulator.Count("GET", "dnszones").ShouldBe(1);
    }

    [Fact]
    public async Task FindZone_WithResourceGroupAndZone_ReadsThatZoneOnly()
    {
        var zone = _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider(new() { ["--azure-resource-group"] = "rg-dns", ["--azure-zone"] = "example.com" });

        var found = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);

        found.Id.ShouldBe(zone.Id);
        Emulator.Count("GET", "dnszone").ShouldBe(1);
        Emulator.Count("GET", "dnszones").ShouldBe(0);
    }

    [Fact]
    public async Task FindZone_FollowsNextLink_WhenZonesSpanSeveralPages()
    {
        for (int i = 0; i < 230; i++)
        {
            Emulator.AddZone(_scope.Subscription, "rg-bulk", $"customer{i:D4}.test");
        }

        var wanted = Emulator.AddZone(_scope.Subscription, "rg-zz", "zz-last.test");
        await using var provider = _scope.CreateProvider();

        var found = await provider.FindZoneAsync(DnsName.Parse("zz-last.test"), default);

        found.Id.ShouldBe(wanted.Id);
        Emulator.Count("GET", "dnszones").ShouldBe(3);
    }

    [Fact]
    public async Task FindZone_AsksForTheResourceGroup_WhenTheZoneExistsInTwo()
    {
        _scope.AddExampleZone("example.com", "rg-a");
        _scope.AddExampleZone("example.com", "rg-b");
        await using var provider = _scope.CreateProvider();

        var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.FindZoneAsync(DnsName.Parse("example.com"), default));

        ex.Message.ShouldContain("rg-a, rg-b");
        ex.Message.ShouldContain("--azure-resource-group");
        await using var chosen = _scope.CreateProvider(new() { ["--azure-resource-group"] = "rg-b" });
        (await chosen.FindZoneAsync(DnsName.Parse("example.com"), default)).Id.ShouldContain("/resourceGroups/rg-b/");
    }

    [Fact]
    public async Task FindZone_ListsTheSubscriptionOnce_ForManyDomains()
    {
        _scope.AddExampleZone("a.test");
        _scope.AddExampleZone("b.test");
        await using var provider = _scope.CreateProvider();

        await Task.WhenAll(new[] { "a.test", "b.test", "x.a.test" }.Select(n => provider.FindZoneAsync(DnsName.Parse(n), default)));

        Emulator.Count("GET", "dnszones").ShouldBe(1);
    }

    [Fact]
    public async Task FindZone_SaysSo_WhenNoZoneEncloses()
    {
        _scope.AddExampleZone("example.com");
        await using var provider = _scope.CreateProvider();

        var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.FindZoneAsync(DnsName.Parse("example.org"), default));

        ex.Message.ShouldContain("No public Azure DNS zone");
        ex.Message.ShouldContain(_scope.Subscription);
    }

    [Fact]
    public async Task GetRecordSets_ReturnsPresentSetsWithTheirETags()
    {
        var zone = _scope.AddExampleZone();
        var fed = Emulator.PutRecordSet(zone, "SRV", "_matrix-fed._tcp", 600, "10 0 8448 matrix.example.com.", "20 5 443 backup.example.com");
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);

        var sets = await provider.GetRecordSetsAsync(hosted, [AzureScope.Key(Fed, RecordType.Srv), AzureScope.Key(Legacy, RecordType.Srv), AzureScope.Key("matrix.example.com", RecordType.A)], default);

        sets.Count.ShouldBe(2);
        var srv = sets.Single(s => s.Type == RecordType.Srv);
        srv.Values.ShouldBe(["10 0 8448 matrix.example.com.", "20 5 443 backup.example.com."]);
        srv.Ttl.ShouldBe(600u);
        srv.Version.ShouldBe(fed.ETag);
        sets.Single(s => s.Type == RecordType.A).Values.ShouldBe(["192.0.2.10"]);
    }

    [Fact]
    public async Task Apply_CreatesBothSets_FedFirst_OnlyIfAbsent()
    {
        var zone = _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);

        await provider.ApplyAsync(hosted, [new(null, AzureScope.Srv(Legacy, 3600, "10 0 8448 matrix.example.com.")), new(null, AzureScope.Srv(Fed, 3600, "10 0 8448 matrix.example.com."))], default);

        Emulator.WriteLog().ShouldBe(["PUT SRV _matrix-fed._tcp", "PUT SRV _matrix._tcp"]);
        Emulator.FindRecordSet(zone, "SRV", "_matrix._tcp")!.Values.ShouldBe(["10 0 8448 matrix.example.com."]);
        Emulator.FindRecordSet(zone, "SRV", "_matrix-fed._tcp")!.Ttl.ShouldBe(3600);
    }

    [Fact]
    public async Task Apply_RefusesToCreate_WhenTheSetAppearedSincePlan()
    {
        var zone = _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        Emulator.PutRecordSet(zone, "SRV", "_matrix-fed._tcp", 300, "0 0 443 someone-else.example.net.");

        var ex = await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(hosted, [new(null, AzureScope.Srv(Fed, 3600, "10 0 8448 matrix.example.com."))], default));

        ex.Message.ShouldContain("_matrix-fed._tcp.example.com. SRV changed since plan");
        Emulator.FindRecordSet(zone, "SRV", "_matrix-fed._tcp")!.Values.ShouldBe(["0 0 443 someone-else.example.net."]);
    }

    [Fact]
    public async Task Apply_RefusesUpdate_WhenOnlyTheETagChanged_AndWritesNothing()
    {
        var zone = _scope.AddExampleZone();
        Emulator.PutRecordSet(zone, "SRV", "_matrix-fed._tcp", 300, "10 0 8448 old.example.com.");
        Emulator.PutRecordSet(zone, "SRV", "_matrix._tcp", 300, "10 0 8448 old.example.com.");
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        var seen = await provider.GetRecordSetsAsync(hosted, [AzureScope.Key(Fed, RecordType.Srv), AzureScope.Key(Legacy, RecordType.Srv)], default);
        var changes = seen.Select(s => new RecordSetChange(s, AzureScope.Srv(s.Name.Value, 3600, "10 0 8448 matrix.example.com."))).ToList();
        var touched = Emulator.Touch(zone, "SRV", "_matrix-fed._tcp");
        Emulator.ResetCounts();

        var ex = await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(hosted, changes, default));

        ex.Message.ShouldContain("_matrix-fed._tcp.example.com. SRV changed since plan");
        Emulator.WriteLog().ShouldBeEmpty();
        Emulator.Count("PUT", "SRV").ShouldBe(1);
        Emulator.FindRecordSet(zone, "SRV", "_matrix-fed._tcp")!.ETag.ShouldBe(touched);
    }

    [Fact]
    public async Task Apply_StopsAtTheSecondSet_WhenItChanged_AndNamesTheSetItWrote()
    {
        var zone = _scope.AddExampleZone();
        Emulator.PutRecordSet(zone, "SRV", "_matrix-fed._tcp", 300, "10 0 8448 old.example.com.");
        Emulator.PutRecordSet(zone, "SRV", "_matrix._tcp", 300, "10 0 8448 old.example.com.");
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        var seen = await provider.GetRecordSetsAsync(hosted, [AzureScope.Key(Fed, RecordType.Srv), AzureScope.Key(Legacy, RecordType.Srv)], default);
        var changes = seen.Select(s => new RecordSetChange(s, AzureScope.Srv(s.Name.Value, 3600, "10 0 8448 matrix.example.com."))).ToList();
        Emulator.PutRecordSet(zone, "SRV", "_matrix._tcp", 300, "5 0 443 edited-by-hand.example.com.");

        var ex = await Should.ThrowAsync<PartialApplyException>(() => provider.ApplyAsync(hosted, changes, default));

        ex.Applied.Select(c => c.Key.Name.Value).ShouldBe([Fed]);
        ex.Message.ShouldContain("Written: _matrix-fed._tcp.example.com. SRV (updated)");
        ex.Message.ShouldContain("Not written: _matrix._tcp.example.com. SRV");
        ex.Message.ShouldContain("changed since plan");
        ex.Message.ShouldContain("Run plan and apply again");
        Emulator.FindRecordSet(zone, "SRV", "_matrix._tcp")!.Values.ShouldBe(["5 0 443 edited-by-hand.example.com."]);
    }

    [Fact]
    public async Task Apply_RefusesAChangeWithoutETag_BeforeWritingAnything()
    {
        var zone = _scope.AddExampleZone();
        Emulator.PutRecordSet(zone, "SRV", "_matrix._tcp", 300, "10 0 8448 old.example.com.");
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        var fromAnotherProvider = AzureScope.Srv(Legacy, 300, "10 0 8448 old.example.com.");

        var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.ApplyAsync(
            hosted,
            [new(null, AzureScope.Srv(Fed, 3600, "10 0 8448 matrix.example.com.")), new(fromAnotherProvider, AzureScope.Srv(Legacy, 3600, "10 0 8448 matrix.example.com."))],
            default));

        ex.Message.ShouldContain("no Azure ETag");
        Emulator.WriteLog().ShouldBeEmpty();
    }

    [Fact]
    public async Task Apply_WritesBeforeDeleting_AndDeletesOnlyTheVersionItSaw()
    {
        var zone = _scope.AddExampleZone();
        Emulator.PutRecordSet(zone, "SRV", "_matrix._tcp", 300, "10 0 8448 old.example.com.");
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        var legacy = (await provider.GetRecordSetsAsync(hosted, [AzureScope.Key(Legacy, RecordType.Srv)], default)).Single();

        await provider.ApplyAsync(hosted, [new(legacy, null), new(null, AzureScope.Srv(Fed, 3600, "10 0 8448 matrix.example.com."))], default);

        Emulator.WriteLog().ShouldBe(["PUT SRV _matrix-fed._tcp", "DELETE SRV _matrix._tcp"]);
        Emulator.FindRecordSet(zone, "SRV", "_matrix._tcp").ShouldBeNull();
    }

    [Fact]
    public async Task Apply_Converges_ThroughThrottlingBusyAndServerErrors()
    {
        var zone = _scope.AddExampleZone();
        var throttle = new AzureFaultRule(AzureFaultKind.Throttle) { Method = "PUT", FirstN = 2, RetryAfterSeconds = 1 };
        var pending = new AzureFaultRule(AzureFaultKind.OperationPending) { Method = "PUT", RelativeName = "_matrix._tcp", FirstN = 2 };
        var broken = new AzureFaultRule(AzureFaultKind.InternalError) { EveryNth = 3 };
        Emulator.AddFault(throttle);
        Emulator.AddFault(pending);
        Emulator.AddFault(broken);
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);

        await provider.ApplyAsync(hosted, [new(null, AzureScope.Srv(Fed, 3600, "10 0 8448 matrix.example.com.")), new(null, AzureScope.Srv(Legacy, 3600, "10 0 8448 matrix.example.com."))], default);

        throttle.Fired.ShouldBe(2);
        pending.Fired.ShouldBe(2);
        broken.Fired.ShouldBeGreaterThan(0);
        Emulator.WriteLog().ShouldBe(["PUT SRV _matrix-fed._tcp", "PUT SRV _matrix._tcp"]);
    }

    [Fact]
    public async Task Apply_TakesALostAnswerToItsOwnCreate_AsDone()
    {
        var zone = _scope.AddExampleZone();
        var lost = new AzureFaultRule(AzureFaultKind.LostAnswer) { Method = "PUT", FirstN = 1 };
        Emulator.AddFault(lost);
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);

        await provider.ApplyAsync(hosted, [new(null, AzureScope.Srv(Fed, 3600, "10 0 8448 matrix.example.com."))], default);

        lost.Fired.ShouldBe(1);
        Emulator.Count("PUT", "SRV").ShouldBe(2);
        Emulator.FindRecordSet(zone, "SRV", "_matrix-fed._tcp")!.Values.ShouldBe(["10 0 8448 matrix.example.com."]);
    }

    [Fact]
    public async Task Apply_ReportsTheSetWritten_WhenTheNextOneFailsBeyondTheRetries()
    {
        var zone = _scope.AddExampleZone();
        Emulator.AddFault(new AzureFaultRule(AzureFaultKind.InternalError) { Method = "PUT", RelativeName = "_matrix._tcp" });
        await using var provider = _scope.CreateProvider(new() { ["--azure-max-retries"] = "2" });
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);

        var ex = await Should.ThrowAsync<PartialApplyException>(() => provider.ApplyAsync(
            hosted,
            [new(null, AzureScope.Srv(Fed, 3600, "10 0 8448 matrix.example.com.")), new(null, AzureScope.Srv(Legacy, 3600, "10 0 8448 matrix.example.com."))],
            default));

        Emulator.Count("PUT", "SRV").ShouldBe(1 + 3);
        ex.Applied.Single().Key.Name.Value.ShouldBe(Fed);
        ex.Message.ShouldContain("500 InternalServerError");
        ex.Message.ShouldContain("still after 3 tries");
        Emulator.FindRecordSet(zone, "SRV", "_matrix._tcp").ShouldBeNull();
    }

    [Fact]
    public async Task WrongToken_IsOneLineNamingTheVariable_WithoutTheToken()
    {
        _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider(token: "not-the-right-token");

        var ex = await Should.ThrowAsync<ProviderException>(() => provider.FindZoneAsync(DnsName.Parse("example.com"), default));

        ex.Message.ShouldContain("401 InvalidAuthenticationToken");
        ex.Message.ShouldContain("AZURE_ACCESS_TOKEN");
        ex.Message.ShouldNotContain("not-the-right-token");
        Emulator.AuthFailures.ShouldBe(1);
    }

    [Fact]
    public async Task UnknownSubscription_SaysWhichOptionToCheck()
    {
        _scope.AddExampleZone();
        var other = Guid.NewGuid().ToString();
        await using var provider = _scope.CreateProvider(new() { ["--azure-subscription"] = other });

        var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.FindZoneAsync(DnsName.Parse("example.com"), default));

        ex.Message.ShouldContain("SubscriptionNotFound");
        ex.Message.ShouldContain("AZURE_SUBSCRIPTION_ID");
    }
}
