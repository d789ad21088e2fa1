using BasicAWSCredentials = Amazon.Runtime.BasicAWSCredentials;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Core.Providers.Resilience;
using SrvProvisioner.Providers.Route53.Api;
using SrvProvisioner.Testing.Contracts;

namespace SrvProvisioner.Providers.Route53.Tests;

/// <summary>
/// TXT at <c>_acme-challenge</c> names against the emulator: the shared contract (add next to a
/// pending value, remove one, stale reads refused) plus Route 53's own spelling of TXT values
/// (quoted strings, octal escapes) and its refusals.
/// </summary>
public sealed class Route53TxtTests : TxtRecordSetContract
{
    private EmulatorScope _scope = null!;
    private string _zoneId = null!;

    public override async Task InitializeAsync()
    {
        _scope = await EmulatorScope.StartAsync();
        _zoneId = _scope.AddExampleZone();
    }

    public override async Task DisposeAsync() => await _scope.DisposeAsync();

    protected override IDnsProvider CreateProvider() => _scope.CreateProvider();

    [Fact]
    public async Task Apply_SendsTxtAsQuotedStrings_WithRoute53sOctalEscapes()
    {
        await using var provider = CreateProvider();

        await AddAsync(provider, TxtRecordText.FromText("café \"q\" \\ z"));

        // é is UTF-8 C3 A9: octal 303 251 in Route 53's form (decimal 195 169 in RFC 1035's).
        _scope.Emulator.FindRecordSet(_zoneId, "_acme-challenge.example.com", "TXT")!.Values.ShouldBe(["\"caf\\303\\251 \\\"q\\\" \\\\ z\""]);
    }

    [Fact]
    public async Task Read_TakesRoute53sOwnSpelling_AndDeletesWithItExactly()
    {
        // Another tool wrote "Abc" with an octal escape and a second string: Route 53 lists it as written.
        _scope.Emulator.PutRecordSet(_zoneId, "_acme-challenge.example.com", "TXT", 60, "\"\\101bc\" \"d\\040e\"", "\"other\"");
        await using var provider = CreateProvider();

        var (_, seen) = await ReadAsync(provider);
        seen!.Values.ShouldBe(["\"Abc\" \"d e\"", "\"other\""]);

        await RemoveAsync(provider, "\"Abc\" \"d e\"");

        _scope.Emulator.FindRecordSet(_zoneId, "_acme-challenge.example.com", "TXT")!.Values.ShouldBe(["\"other\""]);
    }

    [Fact]
    public async Task Apply_RefusesTxtOutsideAcmeChallengeNames_AndSendsNothing()
    {
        await using var provider = CreateProvider();
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        var spf = new RecordSet(DnsName.Parse("example.com"), RecordType.Txt, 60, ["\"v=spf1 -all\""]);
        var before = _scope.Emulator.Count("ChangeResourceRecordSets");

        var ex = await Should.ThrowAsync<Core.Errors.InvalidInputException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, spf)], default));

        ex.Message.ShouldContain("_acme-challenge");
        _scope.Emulator.Count("ChangeResourceRecordSets").ShouldBe(before);
        _scope.Emulator.FindRecordSet(_zoneId, "example.com", "TXT").ShouldBeNull();
    }

    [Theory]
    [InlineData("unquoted", "InvalidTXTRDATA")]
    [InlineData("\"open", "InvalidTXTRDATA")]
    [InlineData("\"line\nbreak\"", "InvalidTXTRDATA")]
    [InlineData("\"a\"\"b\"", "InvalidTXTRDATA")]
    public async Task Emulator_RefusesTxtValuesRoute53Refuses(string value, string problem)
    {
        using var client = RawClient();

        var ex = await Should.ThrowAsync<Route53ApiException>(() => client.ChangeResourceRecordSetsAsync(_zoneId, [new ApiChange(ApiChange.Create, new ApiRecordSet("_acme-challenge.example.com.", "TXT", 60, [value]))], "test", default));

        ex.Code.ShouldBe("InvalidChangeBatch");
        ex.AwsMessage.ShouldContain(problem);
        _scope.Emulator.FindRecordSet(_zoneId, "_acme-challenge.example.com", "TXT").ShouldBeNull();
    }

    [Fact]
    public async Task Emulator_RefusesACharacterStringOver255_ButTakes255()
    {
        using var client = RawClient();
        var tooLong = $"\"{new string('a', 256)}\"";
        var longest = $"\"{new string('a', 254)}\\040\" \"b\"";

        var ex = await Should.ThrowAsync<Route53ApiException>(() => client.ChangeResourceRecordSetsAsync(_zoneId, [new ApiChange(ApiChange.Create, new ApiRecordSet("_acme-challenge.example.com.", "TXT", 60, [tooLong]))], "test", default));
        await client.ChangeResourceRecordSetsAsync(_zoneId, [new ApiChange(ApiChange.Create, new ApiRecordSet("_acme-challenge.example.com.", "TXT", 60, [longest]))], "test", default);

        ex.AwsMessage.ShouldContain("CharacterStringTooLong");
        _scope.Emulator.FindRecordSet(_zoneId, "_acme-challenge.example.com", "TXT")!.Values.ShouldBe([longest]);
    }

    [Fact]
    public async Task Apply_RefusesABatchOver32000ValueCharacters_BeforeSendingIt()
    {
        await using var provider = CreateProvider();
        var (zone, _) = await ReadAsync(provider);

        // Nine values of 3,900 characters (each under the 4,000 a value may hold): about 35,500 together.
        var values = Enumerable.Range(0, 9).Select(i => TxtRecordText.FromText(new string((char)('a' + i), 3900))).ToList();
        var set = new RecordSet(DnsName.Parse("_acme-challenge.example.com"), RecordType.Txt, 60, values);
        var before = _scope.Emulator.Count("ChangeResourceRecordSets");

        var ex = await Should.ThrowAsync<Core.Errors.InvalidInputException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, set)], default));

        ex.Message.ShouldContain("32000");
        _scope.Emulator.Count("ChangeResourceRecordSets").ShouldBe(before);
    }

    [Fact]
    public async Task Emulator_RefusesABatchOver32000ValueCharacters_AsRoute53Does()
    {
        using var client = RawClient();
        var value = string.Join(' ', Enumerable.Repeat($"\"{new string('v', 250)}\"", 15));
        var sets = Enumerable.Range(0, 9).Select(i => new ApiChange(ApiChange.Create, new ApiRecordSet($"_acme-challenge.n{i}.example.com.", "TXT", 60, [value]))).ToList();

        var ex = await Should.ThrowAsync<Route53ApiException>(() => client.ChangeResourceRecordSetsAsync(_zoneId, sets, "test", default));

        ex.Code.ShouldBe("InvalidChangeBatch");
        ex.AwsMessage.ShouldContain("32000");
        _scope.Emulator.FindRecordSet(_zoneId, "_acme-challenge.n0.example.com", "TXT").ShouldBeNull();
    }

    private Route53ApiClient RawClient() => new(
        new HttpClient(new Amazon.Runtime.Signing.SigV4SigningHandler(new BasicAWSCredentials(_scope.AccessKeyId, EmulatorScope.Secret), Amazon.RegionEndpoint.USEast1, "route53", new HttpClientHandler())),
        _scope.Emulator.Endpoint,
        new RequestRateLimiter(10_000),
        new RetryExecutor(new RetryPolicy(1, TimeSpan.Zero, TimeSpan.Zero)),
        TimeSpan.FromSeconds(10));
}
