using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.Route53;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>The provider in process against the emulator: zones, reads, atomic conditional writes, errors.</summary>
public sealed class Route53ProviderTests : IAsyncLifetime
{
    private EmulatorScope _scope = null!;

    private Route53Emulator Emulator => _scope.Emulator;

    public async Task InitializeAsync() => _scope = await EmulatorScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    private static readonly DnsName Example = DnsName.Parse("example.com");
    private static readonly RecordSet Desired = RecordSet.Srv(DnsName.Parse("_matrix-fed._tcp.example.com"), 3600, [SrvRecord.Parse("10 0 8448 matrix.example.com.")]);

    [Fact]
    public async Task FindZone_ChoosesPublicZone_WhenPrivateZoneSharesTheName()
    {
        var privateId = _scope.AddExampleZone(isPrivate: true);
        var publicId = _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider();

        var zone = await provider.FindZoneAsync(Example, default);

        zone.Id.ShouldBe(publicId);
        zone.Id.ShouldNotBe(privateId);
        zone.IsPrivate.ShouldBeFalse();
        Emulator.Count("ListHostedZonesByName").ShouldBe(1);
    }

    [Fact]
    public async Task FindZone_ChoosesPrivateZone_WithPrivateFlag()
    {
        var privateId = _scope.AddExampleZone(isPrivate: true);
        _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider(new() { ["--route53-private"] = "true" });

        var zone = await provider.FindZoneAsync(Example, default);

        zone.Id.ShouldBe(privateId);
        zone.IsPrivate.ShouldBeTrue();
    }

    [Fact]
    public async Task FindZone_RefusesPrivateOnlyZone_AndSaysHowToAllowIt()
    {
        _scope.AddExampleZone(isPrivate: true);
        await using var provider = _scope.CreateProvider();

        var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.FindZoneAsync(Example, default));

        ex.Message.ShouldContain("--route53-private");
    }

    [Fact]
    public async Task FindZone_WalksUpToTheClosestEnclosingZone()
    {
        Emulator.AddZone("com");
        var exampleId = _scope.AddExampleZone();
        Emulator.AddZone("other.example.com");
        await using var provider = _scope.CreateProvider();

        var zone = await provider.FindZoneAsync(DnsName.Parse("chat.example.com"), default);

        zone.Id.ShouldBe(exampleId);
        zone.Name.ShouldBe(Example);
        Emulator.Count("ListHostedZonesByName").ShouldBe(2);
    }

    [Fact]
    public async Task FindZone_UsesGivenHostedZoneId_AndRefusesOneThatDoesNotEncloseTheName()
    {
        var privateId = _scope.AddExampleZone(isPrivate: true);
        _scope.AddExampleZone();
        var otherId = Emulator.AddZone("example.org");

        await using (var provider = _scope.CreateProvider(new() { ["--route53-hosted-zone-id"] = privateId }))
        {
            (await provider.FindZoneAsync(Example, default)).Id.ShouldBe(privateId);
        }

        await using (var provider = _scope.CreateProvider(new() { ["--route53-hosted-zone-id"] = "/hostedzone/" + otherId }))
        {
            var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.FindZoneAsync(Example, default));
            ex.Message.ShouldContain(otherId);
        }
    }

    [Fact]
    public async Task GetRecordSets_ReturnsOnlyTheAskedSets_WithCanonicalValues()
    {
        var id = _scope.AddExampleZone(extraSets: 50);
        Emulator.PutRecordSet(id, "_matrix-fed._tcp.example.com", "SRV", 600, "10 5 8448 Matrix.Example.com", "20 0 8448 backup.example.com.");
        Emulator.PutRecordSet(id, "_matrix-fed._tcp.example.com", "TXT", 600, "\"unrelated\"");
        Emulator.PutRecordSet(id, "_matrix._tcp.example.com", "CNAME", 600, "elsewhere.example.net");
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);

        var sets = await provider.GetRecordSetsAsync(zone, [.. DnsPlanner_Keys(), EmulatorScope.Key("matrix.example.com", RecordType.A)], default);

        sets.Count.ShouldBe(3);
        var srv = sets.Single(s => s.Type == RecordType.Srv);
        srv.Ttl.ShouldBe(600u);
        srv.Values.ShouldBe(["10 5 8448 matrix.example.com.", "20 0 8448 backup.example.com."]);
        sets.Single(s => s.Type == RecordType.Cname).Values.ShouldBe(["elsewhere.example.net."]);
        sets.Single(s => s.Type == RecordType.A).Values.ShouldBe(["192.0.2.10"]);
    }

    [Fact]
    public async Task GetRecordSets_FollowsPagingWithinAName_WhenPagesAreTiny()
    {
        var id = _scope.AddExampleZone(extraSets: 20);
        foreach (var type in new[] { "A", "AAAA", "MX", "TXT" })
        {
            Emulator.PutRecordSet(id, "matrix.example.com", type, 300, type switch { "A" => "192.0.2.10", "AAAA" => "2001:db8::10", "MX" => "10 mx.example.com.", _ => "\"x\"" });
        }

        Emulator.MaxRecordSetsPerPage = 1;
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);

        var sets = await provider.GetRecordSetsAsync(zone, [EmulatorScope.Key("matrix.example.com", RecordType.A), EmulatorScope.Key("matrix.example.com", RecordType.Aaaa), EmulatorScope.Key("matrix.example.com", RecordType.Cname)], default);

        sets.Select(s => s.Type).Order().ShouldBe([RecordType.A, RecordType.Aaaa]);
    }

    [Fact]
    public async Task GetRecordSets_ReadsASharedTargetOnce_ForManyDomainsInOneRun()
    {
        var id = _scope.AddExampleZone(extraSets: 30);
        Emulator.PutRecordSet(id, "hs1.example.com", "A", 300, "192.0.2.41");
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);
        var target = DnsName.Parse("hs1.example.com");
        RecordSetKey[] TargetKeys() => [new(target, RecordType.Cname), new(target, RecordType.A), new(target, RecordType.Aaaa)];
        Emulator.ResetCounts();

        // Twenty customer names at once, all delegating to the same homeserver host.
        var reads = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            provider.GetRecordSetsAsync(zone, [.. Core.Planning.DnsPlanner.KeysToRead(DnsName.Parse($"c{i}.example.com")), .. TargetKeys()], default)));

        reads.ShouldAllBe(sets => sets.Single(s => s.Type == RecordType.A).Values.SequenceEqual(new[] { "192.0.2.41" }));
        Emulator.Count("ListResourceRecordSets").ShouldBe(20 + 1);
    }

    [Fact]
    public async Task GetRecordSets_ReadsTheTargetAgain_AfterAFailedRead()
    {
        var id = _scope.AddExampleZone(extraSets: 5);
        Emulator.PutRecordSet(id, "hs1.example.com", "A", 300, "192.0.2.41");
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);
        RecordSetKey[] keys = [EmulatorScope.Key("hs1.example.com", RecordType.A)];

        // Every try of the first read fails (the test scope's retry policy makes 8).
        Emulator.AddFault(new FaultRule(FaultKind.InternalError) { Action = "ListResourceRecordSets", FirstN = 8 });

        await Should.ThrowAsync<ProviderException>(() => provider.GetRecordSetsAsync(zone, keys, default));
        var sets = await provider.GetRecordSetsAsync(zone, keys, default);

        sets.Single().Values.ShouldBe(["192.0.2.41"]);
    }

    [Fact]
    public async Task GetRecordSets_CostsTheSameRequests_ForTenAndFiveThousandSets()
    {
        var small = _scope.AddExampleZone("small.test", extraSets: 8);
        var large = _scope.AddExampleZone("large.test", extraSets: 5000);
        Emulator.RecordSets(large).Count.ShouldBeGreaterThan(5000);
        await using var provider = _scope.CreateProvider();

        async Task<int> ReadsFor(string zoneName, string zoneId)
        {
            Emulator.ResetCounts();
            var name = DnsName.Parse(zoneName);
            await provider.GetRecordSetsAsync(new HostedZone(name, zoneId), [.. Core.Planning.DnsPlanner.KeysToRead(name), new(DnsName.Parse("matrix." + zoneName), RecordType.A)], default);
            return Emulator.Count("ListResourceRecordSets");
        }

        var smallReads = await ReadsFor("small.test", small);
        var largeReads = await ReadsFor("large.test", large);

        largeReads.ShouldBe(smallReads);
        largeReads.ShouldBeLessThanOrEqualTo(3);
    }

    [Fact]
    public async Task Apply_CreatesInOneBatch_AndWaitsForInSync()
    {
        var id = _scope.AddExampleZone();
        Emulator.InSyncAfterPolls = 3;
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);
        var legacy = RecordSet.Srv(DnsName.Parse("_matrix._tcp.example.com"), 3600, Desired.SrvRecords());

        await provider.ApplyAsync(zone, [new RecordSetChange(null, Desired), new RecordSetChange(null, legacy)], default);

        Emulator.ChangesApplied.ShouldBe(1);
        Emulator.Count("GetChange").ShouldBe(3);
        Emulator.FindRecordSet(id, "_matrix-fed._tcp.example.com", "SRV")!.Values.ShouldBe(["10 0 8448 matrix.example.com."]);
        Emulator.FindRecordSet(id, "_matrix._tcp.example.com", "SRV")!.Ttl.ShouldBe(3600u);
    }

    [Fact]
    public async Task Apply_SkipsTheWait_WithNoWait()
    {
        _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider(new() { ["--route53-no-wait"] = "true" });
        var zone = await provider.FindZoneAsync(Example, default);

        await provider.ApplyAsync(zone, [new RecordSetChange(null, Desired)], default);

        Emulator.ChangesApplied.ShouldBe(1);
        Emulator.Count("GetChange").ShouldBe(0);
    }

    [Fact]
    public async Task Apply_ReportsChangeStillPending_AfterTheWaitTimeout()
    {
        _scope.AddExampleZone();
        Emulator.InSyncAfterPolls = int.MaxValue;
        await using var provider = _scope.CreateProvider(new() { ["--route53-wait-timeout"] = "300ms" });
        var zone = await provider.FindZoneAsync(Example, default);

        var ex = await Should.ThrowAsync<ProviderException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, Desired)], default));

        ex.Message.ShouldContain("PENDING");
        ex.Message.ShouldContain("--route53-wait-timeout");
        Emulator.ChangesApplied.ShouldBe(1);
    }

    [Fact]
    public async Task Apply_RefusesStalePlan_WhenSetChangedAfterTheRead_AndChangesNothing()
    {
        var id = _scope.AddExampleZone();
        Emulator.PutRecordSet(id, "_matrix-fed._tcp.example.com", "SRV", 3600, "10 0 8448 old.example.com.");
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);
        var observed = (await provider.GetRecordSetsAsync(zone, DnsPlanner_Keys(), default)).Single();
        var legacy = RecordSet.Srv(DnsName.Parse("_matrix._tcp.example.com"), 3600, Desired.SrvRecords());

        Emulator.PutRecordSet(id, "_matrix-fed._tcp.example.com", "SRV", 3600, "10 0 8448 someone-else.example.com.");
        var before = Emulator.RecordSets(id);
        var ex = await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(zone, [new RecordSetChange(observed, Desired), new RecordSetChange(null, legacy)], default));

        ex.Message.ShouldContain("changed since plan");
        ex.Message.ShouldContain("do not match");
        Emulator.RecordSets(id).ShouldBe(before);
        Emulator.ChangesApplied.ShouldBe(0);
    }

    [Fact]
    public async Task Apply_RefusesCreate_WhenSomeoneCreatedTheSetMeanwhile()
    {
        var id = _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);
        Emulator.PutRecordSet(id, "_matrix-fed._tcp.example.com", "SRV", 60, "0 0 1 other.example.com.");

        var ex = await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, Desired)], default));

        ex.Message.ShouldContain("already exists");
        Emulator.FindRecordSet(id, "_matrix-fed._tcp.example.com", "SRV")!.Values.ShouldBe(["0 0 1 other.example.com."]);
    }

    [Fact]
    public async Task Apply_DeletesWithRoute53sOwnSpelling_WhenOnlyTheTtlChanges()
    {
        var id = _scope.AddExampleZone();
        Emulator.PutRecordSet(id, "_matrix-fed._tcp.example.com", "SRV", 300, "10 0 8448 Matrix.Example.COM");
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);
        var observed = (await provider.GetRecordSetsAsync(zone, DnsPlanner_Keys(), default)).Single();

        await provider.ApplyAsync(zone, [new RecordSetChange(observed, Desired)], default);

        var now = Emulator.FindRecordSet(id, "_matrix-fed._tcp.example.com", "SRV")!;
        now.Ttl.ShouldBe(3600u);
        now.Values.ShouldBe(["10 0 8448 matrix.example.com."]);
    }

    [Fact]
    public async Task Apply_ConvergesThroughAThrottleStorm_WithExactlyOneChange()
    {
        var id = _scope.AddExampleZone();
        Emulator.AddFault(new FaultRule(FaultKind.Throttling) { Probability = 0.5, Seed = 42 });
        Emulator.AddFault(new FaultRule(FaultKind.PriorRequestNotComplete) { Action = "ChangeResourceRecordSets", FirstN = 1 });
        Emulator.AddFault(new FaultRule(FaultKind.InternalError) { Action = "GetChange", FirstN = 1 });
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);
        var observed = await provider.GetRecordSetsAsync(zone, DnsPlanner_Keys(), default);
        observed.ShouldBeEmpty();

        await provider.ApplyAsync(zone, [new RecordSetChange(null, Desired)], default);

        Emulator.ChangesApplied.ShouldBe(1);
        Emulator.Count("ChangeResourceRecordSets").ShouldBeGreaterThan(1);
        Emulator.FindRecordSet(id, "_matrix-fed._tcp.example.com", "SRV").ShouldNotBeNull();
    }

    [Fact]
    public async Task Apply_Succeeds_WhenTheAnswerToAnAppliedBatchWasLost()
    {
        var id = _scope.AddExampleZone();
        Emulator.AddFault(new FaultRule(FaultKind.LostAnswer) { Action = "ChangeResourceRecordSets", FirstN = 1 });
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);

        await provider.ApplyAsync(zone, [new RecordSetChange(null, Desired)], default);

        Emulator.ChangesApplied.ShouldBe(1);
        Emulator.Count("ChangeResourceRecordSets").ShouldBe(2);
        Emulator.FindRecordSet(id, "_matrix-fed._tcp.example.com", "SRV")!.Values.ShouldBe(["10 0 8448 matrix.example.com."]);
    }

    [Fact]
    public async Task Apply_IsStillStale_WhenAFailedTryIsFollowedByARefusal_AndTheZoneHoldsSomethingElse()
    {
        var id = _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider();
        var zone = await provider.FindZoneAsync(Example, default);
        Emulator.AddFault(new FaultRule(FaultKind.InternalError) { Action = "ChangeResourceRecordSets", FirstN = 1 });
        Emulator.PutRecordSet(id, "_matrix-fed._tcp.example.com", "SRV", 3600, "10 0 8448 someone-else.example.com.");

        var ex = await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, Desired)], default));

        ex.Message.ShouldContain("already exists");
        Emulator.ChangesApplied.ShouldBe(0);
        Emulator.FindRecordSet(id, "_matrix-fed._tcp.example.com", "SRV")!.Values.ShouldBe(["10 0 8448 someone-else.example.com."]);
    }

    [Fact]
    public async Task Requests_AreRetried_WhenAnAnswerIsSlowerThanTheCallTimeout()
    {
        _scope.AddExampleZone();
        Emulator.AddFault(new FaultRule(FaultKind.Slow) { FirstN = 1, Delay = TimeSpan.FromSeconds(3) });
        await using var provider = _scope.CreateProvider(adjust: d => d with { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var zone = await provider.FindZoneAsync(Example, default);

        zone.Name.ShouldBe(Example);
        Emulator.Count("ListHostedZonesByName").ShouldBe(2);
    }

    [Fact]
    public async Task Throttling_ThatNeverStops_EndsWithAClearMessage()
    {
        _scope.AddExampleZone();
        Emulator.AddFault(new FaultRule(FaultKind.Throttling));
        await using var provider = _scope.CreateProvider();

        var ex = await Should.ThrowAsync<ProviderException>(() => provider.FindZoneAsync(Example, default));

        ex.Message.ShouldContain("Throttling: Rate exceeded");
        ex.Message.ShouldContain("--route53-rate-limit");
        Emulator.Count("ListHostedZonesByName").ShouldBe(8);
    }

    [Fact]
    public async Task WrongSecret_IsRefusedByTheSignatureCheck_WithWhatToDo()
    {
        _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider(secret: "not-the-secret");

        var ex = await Should.ThrowAsync<ProviderException>(() => provider.FindZoneAsync(Example, default));

        ex.Message.ShouldContain("SignatureDoesNotMatch");
        ex.Message.ShouldContain("AWS_SECRET_ACCESS_KEY");
        ex.Message.ShouldNotContain("not-the-secret");
        Emulator.AuthFailures.ShouldBe(1);
    }

    private static IReadOnlyList<RecordSetKey> DnsPlanner_Keys() => Core.Planning.DnsPlanner.KeysToRead(Example);
}
