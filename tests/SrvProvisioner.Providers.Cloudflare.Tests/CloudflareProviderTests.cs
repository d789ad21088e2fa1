using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.Cloudflare;

namespace SrvProvisioner.Providers.Cloudflare.Tests;

/// <summary>The provider in process against the emulator: reads, batches, splits, retries.</summary>
public sealed class CloudflareProviderTests : IAsyncLifetime
{
    private CloudflareScope _scope = null!;

    private CloudflareEmulator Emulator => _scope.Emulator;

    public async Task InitializeAsync() => _scope = await CloudflareScope.StartAsync();

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    private static RecordSet Srv(string name, uint ttl, params string[] values) => new(DnsName.Parse(name), RecordType.Srv, ttl, values);

    [Fact]
    public async Task GetRecordSets_PagesThroughResultInfo_WhenANameHoldsMoreThanOnePage()
    {
        var zone = _scope.AddExampleZone();
        for (int i = 0; i < 250; i++)
        {
            Emulator.AddRecord(zone, "SRV", "_matrix-fed._tcp.example.com", $"10 {i} 8448 matrix.example.com", 300);
        }

        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);
        Emulator.ResetCounts();

        var sets = await provider.GetRecordSetsAsync(hosted, [CloudflareScope.Key("_matrix-fed._tcp.example.com", RecordType.Srv)], CancellationToken.None);

        var set = sets.ShouldHaveSingleItem();
        set.Values.Count.ShouldBe(250);
        set.Version!.Split(',').Length.ShouldBe(250);
        Emulator.Count("GET dns_records").ShouldBe(3);
    }

    [Fact]
    public async Task GetRecordSets_CarriesTheRecordIdsAndTheProxyFlag_AsTheZoneHoldsThem()
    {
        var zone = _scope.AddExampleZone(proxiedTarget: true);
        var srv = Emulator.AddRecord(zone, "SRV", "_matrix._tcp.example.com", "5 1 443 matrix.example.com", 1);
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);

        var sets = await provider.GetRecordSetsAsync(
            hosted,
            [CloudflareScope.Key("_matrix._tcp.example.com", RecordType.Srv), CloudflareScope.Key("_matrix._tcp.example.com", RecordType.Cname), CloudflareScope.Key("matrix.example.com", RecordType.A), CloudflareScope.Key("matrix.example.com", RecordType.Aaaa)],
            CancellationToken.None);

        var srvSet = sets.Single(s => s.Type == RecordType.Srv);
        srvSet.Values.ShouldBe(["5 1 443 matrix.example.com."]);
        srvSet.Ttl.ShouldBe(1u);
        srvSet.Version.ShouldBe(srv.Id);
        srvSet.Proxied.ShouldBeFalse();
        var address = sets.Single(s => s.Type == RecordType.A);
        address.Values.ShouldBe(["192.0.2.10"]);
        address.Proxied.ShouldBeTrue();
        sets.Count.ShouldBe(2);
    }

    [Fact]
    public async Task FindZone_WalksUpTheLabels_AndAsksForEachZoneNameOncePerRun()
    {
        var zone = _scope.AddExampleZone();
        await using var provider = _scope.CreateProvider();

        var first = await provider.FindZoneAsync(DnsName.Parse("chat.example.com"), CancellationToken.None);
        var second = await provider.FindZoneAsync(DnsName.Parse("chat.example.com"), CancellationToken.None);

        first.ShouldBe(new HostedZone(DnsName.Parse("example.com"), zone.Id));
        second.ShouldBe(first);
        Emulator.Count("GET zones").ShouldBe(2);
    }

    [Fact]
    public async Task Apply_FailsTheWholeBatch_WhenARecordIdVanishedAfterTheRead_AndChangesNothing()
    {
        var zone = _scope.AddExampleZone();
        var old = Emulator.AddRecord(zone, "SRV", "_matrix-fed._tcp.example.com", "10 0 8448 old.example.com", 300);
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);
        var read = await provider.GetRecordSetsAsync(hosted, [CloudflareScope.Key("_matrix-fed._tcp.example.com", RecordType.Srv), CloudflareScope.Key("_matrix._tcp.example.com", RecordType.Srv)], CancellationToken.None);
        var wanted = "10 0 8448 matrix.example.com.";
        RecordSetChange[] changes =
        [
            new(read.Single(), Srv("_matrix-fed._tcp.example.com", 3600, wanted)),
            new(null, Srv("_matrix._tcp.example.com", 3600, wanted)),
        ];

        // Deleted and created again with the same data after the read: a new id.
        Emulator.DeleteRecord(zone, old.Id);
        var recreated = Emulator.AddRecord(zone, "SRV", "_matrix-fed._tcp.example.com", "10 0 8448 old.example.com", 300);
        var error = await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(hosted, changes, CancellationToken.None));

        error.Message.ShouldContain("changed since plan; nothing was applied");
        error.Message.ShouldContain("Record does not exist");
        Emulator.Count("POST batch").ShouldBe(1);
        Emulator.Records(zone, type: "SRV").ShouldBe([recreated]);
    }

    [Fact]
    public async Task Apply_SplitsABatchOverTheLimit_IntoFewestParts_KeepingEachServerNameTogether()
    {
        var zone = _scope.AddExampleZone();
        Emulator.BatchLimit = 4;
        await using var provider = _scope.CreateProvider(new() { ["--cloudflare-batch-limit"] = "4" });
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);
        var changes = new[] { "a", "b", "c" }
            .SelectMany(d => new[] { $"_matrix-fed._tcp.{d}.example.com", $"_matrix._tcp.{d}.example.com" })
            .Select(n => new RecordSetChange(null, Srv(n, 3600, "10 0 8448 matrix.example.com.")))
            .ToList();

        await provider.ApplyAsync(hosted, changes, CancellationToken.None);

        Emulator.BatchLog().ShouldBe(["example.com: 0 deletes, 0 patches, 0 puts, 4 posts", "example.com: 0 deletes, 0 patches, 0 puts, 2 posts"]);
        Emulator.Records(zone, type: "SRV").Count.ShouldBe(6);
    }

    [Fact]
    public async Task Apply_ReportsWhichPartsWereWritten_WhenALaterPartFails()
    {
        var zone = _scope.AddExampleZone();
        var old = Emulator.AddRecord(zone, "SRV", "_matrix-fed._tcp.b.example.com", "10 0 8448 old.example.com", 300);
        await using var provider = _scope.CreateProvider(new() { ["--cloudflare-batch-limit"] = "2" });
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);
        var read = await provider.GetRecordSetsAsync(hosted, [CloudflareScope.Key("_matrix-fed._tcp.b.example.com", RecordType.Srv)], CancellationToken.None);
        RecordSetChange written = new(null, Srv("_matrix-fed._tcp.a.example.com", 3600, "10 0 8448 matrix.example.com."));
        RecordSetChange[] changes = [written, new(read.Single(), Srv("_matrix-fed._tcp.b.example.com", 3600, "10 0 8448 matrix.example.com."))];
        Emulator.DeleteRecord(zone, old.Id);

        var error = await Should.ThrowAsync<PartialApplyException>(() => provider.ApplyAsync(hosted, changes, CancellationToken.None));

        error.Applied.ShouldBe([written]);
        error.Message.ShouldContain("applied 1 of 2 batches");
        Emulator.Records(zone, "_matrix-fed._tcp.a.example.com", "SRV").Count.ShouldBe(1);
        Emulator.Records(zone, "_matrix-fed._tcp.b.example.com", "SRV").ShouldBeEmpty();
    }

    [Fact]
    public async Task Apply_WaitsAsLongAsRetryAfterSays_BeforeSendingTheBatchAgain()
    {
        _scope.AddExampleZone();
        Emulator.AddFault(new CloudflareFaultRule(CloudflareFaultKind.Throttle) { Route = "POST batch", FirstN = 1, RetryAfterSeconds = 2 });
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);

        await provider.ApplyAsync(hosted, [new RecordSetChange(null, Srv("_matrix-fed._tcp.example.com", 3600, "10 0 8448 matrix.example.com."))], CancellationToken.None);

        var arrivals = Emulator.Arrivals("POST batch");
        arrivals.Count.ShouldBe(2);
        (arrivals[1] - arrivals[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.95));
        Emulator.BatchLog().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Apply_RecognisesItsOwnCommittedBatch_WhenTheFirstAnswerWasLost()
    {
        var zone = _scope.AddExampleZone();
        Emulator.AddRecord(zone, "SRV", "_matrix-fed._tcp.example.com", "10 0 8448 old.example.com", 300);
        Emulator.AddFault(new CloudflareFaultRule(CloudflareFaultKind.LostAnswer) { Route = "POST batch", FirstN = 1 });
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);
        var read = await provider.GetRecordSetsAsync(hosted, [CloudflareScope.Key("_matrix-fed._tcp.example.com", RecordType.Srv)], CancellationToken.None);

        await provider.ApplyAsync(hosted, [new RecordSetChange(read.Single(), Srv("_matrix-fed._tcp.example.com", 3600, "10 0 8448 matrix.example.com."))], CancellationToken.None);

        Emulator.Count("POST batch").ShouldBe(2);
        Emulator.BatchLog().Count.ShouldBe(1);
        Emulator.Records(zone, "_matrix-fed._tcp.example.com", "SRV").ShouldHaveSingleItem().Content.ShouldBe("10 0 8448 matrix.example.com");
    }

    [Fact]
    public async Task Apply_RefusesIdsItNeverRead_SoAnEditedPlanCannotDeleteOtherRecords()
    {
        var zone = _scope.AddExampleZone();
        var victim = Emulator.AddRecord(zone, "SRV", "_xmpp._tcp.example.com", "10 0 5269 xmpp.example.com", 300);
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);
        await provider.GetRecordSetsAsync(hosted, [CloudflareScope.Key("_matrix-fed._tcp.example.com", RecordType.Srv)], CancellationToken.None);
        var forged = Srv("_matrix-fed._tcp.example.com", 300, "10 0 8448 old.example.com.") with { Version = victim.Id };

        await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(hosted, [new RecordSetChange(forged, Srv("_matrix-fed._tcp.example.com", 3600, "10 0 8448 matrix.example.com."))], CancellationToken.None));

        Emulator.Count("POST batch").ShouldBe(0);
        Emulator.Records(zone, "_xmpp._tcp.example.com").ShouldBe([victim]);
    }

    [Fact]
    public async Task Review_FlagsAProxiedTarget_AsABlockingError_OffTheHttpsPorts_AndAWarningOnThem()
    {
        _scope.AddExampleZone(proxiedTarget: true);
        await using var provider = _scope.CreateProvider();
        var hosted = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);
        var read = await provider.GetRecordSetsAsync(hosted, [CloudflareScope.Key("matrix.example.com", RecordType.A)], CancellationToken.None);
        var request = new DelegationRequest(DnsName.Parse("example.com"), [SrvRecord.Parse("10 0 8448 matrix.example.com."), SrvRecord.Parse("20 0 8443 matrix.example.com.")]);

        var findings = ((IProviderPlanReview)provider).Review(request, hosted, read);

        findings.Select(f => (f.Severity, f.Code, f.BlocksApply)).ShouldBe(
        [
            (Severity.Error, CloudflareFindingCodes.ProxiedTarget, true),
            (Severity.Warning, CloudflareFindingCodes.ProxiedTargetEdgeCertificate, false),
        ]);
    }
}
