using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.Cloudflare;
using SrvProvisioner.Testing.Contracts;

namespace SrvProvisioner.Providers.Cloudflare.Tests;

/// <summary>
/// TXT at <c>_acme-challenge</c> names against the Cloudflare emulator: the shared contract
/// (batches that delete exactly the record ids read, a create that re-reads first) plus
/// Cloudflare's TXT content (quoted strings, long strings split, size limits, never proxied).
/// </summary>
public sealed class CloudflareTxtTests : TxtRecordSetContract
{
    private const string Name = "_acme-challenge.example.com";

    private CloudflareScope _scope = null!;
    private CloudflareZone _zone = null!;

    public override async Task InitializeAsync()
    {
        _scope = await CloudflareScope.StartAsync();
        _zone = _scope.AddExampleZone();
    }

    public override async Task DisposeAsync() => await _scope.DisposeAsync();

    protected override IDnsProvider CreateProvider() => _scope.CreateProvider();

    [Fact]
    public async Task Apply_PostsOneRecordPerValue_AsQuotedContent_NeverProxied()
    {
        await using var provider = CreateProvider();

        await AddAsync(provider, "\"Case Kept\" \"and \\\"quoted\\\"\"");
        await AddAsync(provider, First);

        var records = _scope.Emulator.Records(_zone, Name, "TXT");
        records.Select(r => r.Content).Order(StringComparer.Ordinal).ShouldBe(["\"Case Kept\" \"and \\\"quoted\\\"\"", First]);
        records.ShouldAllBe(r => r.Proxied == null && r.Comment == "srvprov");
    }

    [Fact]
    public async Task Read_TakesUnquotedDashboardContent_AsOneString_AndRemovesItById()
    {
        _scope.Emulator.AddRecord(_zone, "TXT", Name, "token with spaces", 120);
        _scope.Emulator.AddRecord(_zone, "TXT", Name, "\"keep\"", 120);
        await using var provider = CreateProvider();

        var (_, seen) = await ReadAsync(provider);
        seen!.Values.ShouldBe(["\"keep\"", "\"token with spaces\""]);
        seen.Proxied.ShouldBeFalse();

        await RemoveAsync(provider, "\"token with spaces\"");

        _scope.Emulator.Records(_zone, Name, "TXT").Select(r => r.Content).ShouldBe(["\"keep\""]);
    }

    [Fact]
    public async Task Emulator_SplitsAQuotedStringOver255Bytes_AsCloudflareStoresIt()
    {
        var record = _scope.Emulator.AddRecord(_zone, "TXT", Name, $"\"{new string('a', 300)}\"", 120);
        await using var provider = CreateProvider();

        record.Content.ShouldBe($"\"{new string('a', 255)}\" \"{new string('a', 45)}\"");
        (await ReadAsync(provider)).Set!.Values.ShouldBe([TxtRecordText.FromText(new string('a', 300))]);
    }

    [Fact]
    public async Task Apply_ReportsContentCloudflareRefuses_AsAProviderError_NotAStalePlan()
    {
        await using var provider = CreateProvider();
        var (zone, _) = await ReadAsync(provider);

        // 20 strings of 255 bytes: 5,120 bytes of data, over Cloudflare's 4,096.
        var huge = TxtRecordText.FromText(new string('z', 255 * 20));
        var ex = await Should.ThrowAsync<ProviderException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, With(null, huge))], default));

        ex.Message.ShouldContain("4096");
        _scope.Emulator.Records(_zone, Name, "TXT").ShouldBeEmpty();
    }

    [Fact]
    public async Task Apply_RefusesTxtOutsideAcmeChallengeNames_AndSendsNoBatch()
    {
        await using var provider = CreateProvider();
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        var spf = new RecordSet(DnsName.Parse("example.com"), RecordType.Txt, 120, ["\"v=spf1 -all\""]);

        var ex = await Should.ThrowAsync<InvalidInputException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, spf)], default));

        ex.Message.ShouldContain("_acme-challenge");
        _scope.Emulator.BatchLog().ShouldBeEmpty();
    }
}
