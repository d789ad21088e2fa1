using System.Text;
using SrvProvisioner.Core.Acme;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Providers.ZoneFile.Tests;

/// <summary>
/// TXT sets at <c>_acme-challenge</c> names in a zone file (issue 19): added and removed one
/// value at a time through <see cref="AcmeChallengeRecords"/>, every other byte kept, the
/// result accepted by BIND's own checker.
/// </summary>
public sealed class ZoneFileTxtTests : IDisposable
{
    private const string ValueA = "gfj9Xq-Kk_Z0aBcdEFGhijkLMNopQRstuVWxyz01234";
    private const string ValueB = "-startsWithDash_0123456789abcdefghijklmnopq";

    // SPF and DKIM TXT records (one across lines in parentheses), a comment with a Latin-1 byte
    // and CRLF line breaks: all of it must come back byte for byte.
    private static readonly byte[] Original = Encoding.Latin1.GetBytes(
        "$ORIGIN example.com.\r\n$TTL 300\r\n@ IN SOA ns1 hostmaster 2024010101 3600 600 86400 300\r\n  IN NS ns1\r\nns1 IN A 192.0.2.1\r\n" +
        "@ IN TXT \"v=spf1 -all\" ; caf\u00e9\r\n" +
        "sel._domainkey IN TXT ( \"v=DKIM1; k=rsa; \"\r\n    \"p=MIIB\" )\r\n");

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-zonetxt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AddChallengeValue_AppendsOneTxtLine_AndKeepsEveryOtherByte()
    {
        var path = WriteZone(Original);
        await using var provider = new ZoneFileProvider(path, null);
        var records = new AcmeChallengeRecords(provider);
        var challenge = AcmeChallenge.Parse("example.com", ValueA, "domain");
        var zone = await provider.FindZoneAsync(challenge.Name, CancellationToken.None);

        (await records.AddAsync(zone, challenge, 60, CancellationToken.None)).ShouldBeTrue();

        var expected = Encoding.Latin1.GetString(Original).Replace("2024010101", SerialToday(), StringComparison.Ordinal)
            + $"_acme-challenge\t60\tIN\tTXT\t\"{ValueA}\"\r\n";
        Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path)).ShouldBe(expected);
        await NamedCheckZone.AssertAcceptsAsync("example.com", path);
        (await records.ReadAsync(zone, challenge, CancellationToken.None)).ShouldBe([$"\"{ValueA}\""]);
    }

    [Fact]
    public async Task SecondPendingValue_SurvivesFirstCleanup_AndLastCleanupRemovesTheSet()
    {
        var path = WriteZone(Original);
        await using var provider = new ZoneFileProvider(path, null);
        var records = new AcmeChallengeRecords(provider);
        var first = AcmeChallenge.Parse("example.com", ValueA, "domain");
        var second = AcmeChallenge.Parse("*.example.com", ValueB, "domain");
        var zone = await provider.FindZoneAsync(first.Name, CancellationToken.None);

        await records.AddAsync(zone, first, 60, CancellationToken.None);
        await records.AddAsync(zone, second, 60, CancellationToken.None);
        (await records.ReadAsync(zone, first, CancellationToken.None)).Count.ShouldBe(2);

        (await records.RemoveAsync(zone, first, CancellationToken.None)).ShouldBeTrue();
        (await records.ReadAsync(zone, first, CancellationToken.None)).ShouldBe([$"\"{ValueB}\""]);
        await NamedCheckZone.AssertAcceptsAsync("example.com", path);

        (await records.RemoveAsync(zone, second, CancellationToken.None)).ShouldBeTrue();
        (await records.RemoveAsync(zone, second, CancellationToken.None)).ShouldBeFalse();
        var text = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(path));
        text.ShouldNotContain("_acme-challenge");
        text.ShouldContain("\"v=spf1 -all\" ; caf\u00e9\r\n");
        text.ShouldContain("sel._domainkey IN TXT ( \"v=DKIM1; k=rsa; \"\r\n    \"p=MIIB\" )\r\n");
    }

    [Fact]
    public async Task ReadsExistingChallengeTxt_ByteForByte_IncludingEscapesAndForeignBytes()
    {
        var zoneText = Encoding.Latin1.GetString(Original) + "_acme-challenge.www 120 IN TXT \"a\\\"b\" \"\\065\u00e9\" plain\r\n";
        var path = WriteZone(Encoding.Latin1.GetBytes(zoneText));
        await using var provider = new ZoneFileProvider(path, null);
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);
        var key = new RecordSetKey(DnsName.Parse("_acme-challenge.www.example.com"), RecordType.Txt);

        var set = (await provider.GetRecordSetsAsync(zone, [key], CancellationToken.None)).ShouldHaveSingleItem();

        set.Ttl.ShouldBe(120u);
        set.Values.ShouldBe(["\"a\\\"b\" \"A\\233\" \"plain\""]);
    }

    [Fact]
    public async Task OtherTxtRecords_AreNeitherReadNorWritable()
    {
        var path = WriteZone(Original);
        await using var provider = new ZoneFileProvider(path, null);
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), CancellationToken.None);

        var sets = await provider.GetRecordSetsAsync(zone, [new RecordSetKey(DnsName.Parse("example.com"), RecordType.Txt)], CancellationToken.None);

        sets.ShouldBeEmpty();
        Should.Throw<InvalidInputException>(() => AcmeChallenge.Parse("_dmarc.example.com", ValueA, "domain"));
        Should.Throw<InvalidInputException>(() => AcmeChallenge.Parse("example.com", "v=spf1 +all", "domain"));
    }

    [Fact]
    public async Task ChangedSetSinceRead_IsRefusedAsStale_AndFileUntouched()
    {
        var path = WriteZone(Original);
        await using var provider = new ZoneFileProvider(path, null);
        var challenge = AcmeChallenge.Parse("example.com", ValueA, "domain");
        var zone = await provider.FindZoneAsync(challenge.Name, CancellationToken.None);
        var believed = new RecordSet(challenge.Name, RecordType.Txt, 60, ["\"other\""]);

        await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(zone, [new RecordSetChange(believed, null)], CancellationToken.None));

        (await File.ReadAllBytesAsync(path)).ShouldBe(Original);
    }

    private string WriteZone(byte[] bytes)
    {
        var path = Path.Combine(_dir, "example.com.zone");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string SerialToday() => DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "00";
}
