using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.AzureDns;
using SrvProvisioner.Testing.Contracts;

namespace SrvProvisioner.Providers.AzureDns.Tests;

/// <summary>
/// TXT at <c>_acme-challenge</c> names against the ARM emulator: the shared contract (writes
/// conditional on the set's ETag, creates on <c>If-None-Match: *</c>) plus Azure's own form of
/// TXT records (one JSON string per character-string) and its refusals.
/// </summary>
public sealed class AzureTxtTests : TxtRecordSetContract
{
    private AzureScope _scope = null!;
    private AzureEmulatedZone _zone = null!;

    public override async Task InitializeAsync()
    {
        _scope = await AzureScope.StartAsync();
        _zone = _scope.AddExampleZone();
    }

    public override async Task DisposeAsync() => await _scope.DisposeAsync();

    protected override IDnsProvider CreateProvider() => _scope.CreateProvider();

    [Fact]
    public async Task Apply_SendsEachCharacterStringAsItsOwnValueEntry_Unescaped()
    {
        await using var provider = CreateProvider();

        await AddAsync(provider, "\"say \\\"hi\\\" \\\\ x\" \"caf\\195\\169\"");

        var stored = _scope.Emulator.FindRecordSet(_zone, "TXT", "_acme-challenge")!;
        var record = stored.Records.AsArray().ShouldHaveSingleItem()!;
        record["value"]!.AsArray().Select(v => (string?)v).ShouldBe(["say \"hi\" \\ x", "café"]);
    }

    [Fact]
    public async Task Read_CarriesTheTxtSetsETag_AndAConcurrentRewriteMakesTheWriteStale()
    {
        await using var provider = CreateProvider();
        await AddAsync(provider, First);
        var (zone, seen) = await ReadAsync(provider);
        seen!.Version.ShouldBe(_scope.Emulator.FindRecordSet(_zone, "TXT", "_acme-challenge")!.ETag);

        // Same data, new ETag: another writer was there, so the ETag the read saw no longer holds.
        _scope.Emulator.Touch(_zone, "TXT", "_acme-challenge");

        await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(zone, [new RecordSetChange(seen, With(seen, Second))], default));
        _scope.Emulator.FindRecordSet(_zone, "TXT", "_acme-challenge")!.Values.ShouldBe([First]);
    }

    [Fact]
    public async Task Apply_RefusesTxtBytesThatAreNotUtf8_BeforeAnyWrite()
    {
        await using var provider = CreateProvider();
        var (zone, _) = await ReadAsync(provider);
        var before = _scope.Emulator.Count("PUT", "TXT");

        var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, With(null, "\"\\255\\254\""))], default));

        ex.Message.ShouldContain("UTF-8");
        _scope.Emulator.Count("PUT", "TXT").ShouldBe(before);
    }

    [Fact]
    public async Task Apply_RefusesTxtOutsideAcmeChallengeNames()
    {
        await using var provider = CreateProvider();
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        var spf = new RecordSet(DnsName.Parse("example.com"), RecordType.Txt, 60, ["\"v=spf1 -all\""]);

        var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, spf)], default));

        ex.Message.ShouldContain("_acme-challenge");
        _scope.Emulator.Count("PUT", "TXT").ShouldBe(0);
    }

    [Theory]
    [InlineData(255, HttpStatusCode.Created)]
    [InlineData(256, HttpStatusCode.BadRequest)]
    public async Task Emulator_TakesTxtStringsUpTo255Characters(int length, HttpStatusCode expected)
    {
        using var http = new HttpClient(_scope.Emulator.Authority.CreateTrustingHandler());
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_scope.Emulator.Endpoint, $"{_zone.Id}/TXT/_acme-challenge?api-version=2018-05-01"))
        {
            Content = new StringContent($$$"""{"properties":{"TTL":60,"TXTRecords":[{"value":["{{{new string('a', length)}}}"]}]}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AzureDnsEmulator.DefaultToken);

        using var response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(expected);
        (_scope.Emulator.FindRecordSet(_zone, "TXT", "_acme-challenge") is not null).ShouldBe(expected == HttpStatusCode.Created);
    }
}
