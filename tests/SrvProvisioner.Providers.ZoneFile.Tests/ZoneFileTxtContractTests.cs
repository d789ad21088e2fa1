using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.Contracts;

namespace SrvProvisioner.Providers.ZoneFile.Tests;

/// <summary>The shared TXT contract (issue 19) against a zone file; every provider instance edits the same file, as two processes would.</summary>
public sealed class ZoneFileTxtContractTests : TxtRecordSetContract
{
    private const string ZoneText = "$ORIGIN example.com.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n  IN NS ns1\nns1 IN A 192.0.2.1\n@ IN TXT \"v=spf1 -all\"\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-zonetxtcontract-").FullName;

    private string ZonePath => Path.Combine(_dir, "example.com.zone");

    public override Task InitializeAsync() => File.WriteAllTextAsync(ZonePath, ZoneText);

    public override Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    protected override IDnsProvider CreateProvider() => new ZoneFileProvider(ZonePath, null);

    [Fact]
    public async Task Apply_RefusesTxtOutsideAcmeChallengeNames_AndLeavesTheFile()
    {
        await using var provider = CreateProvider();
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        var spf = new RecordSet(DnsName.Parse("example.com"), RecordType.Txt, 300, ["\"v=spf1 +all\""]);

        var error = await Should.ThrowAsync<InvalidInputException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, spf)], default));

        error.Message.ShouldContain("only at _acme-challenge names");
        (await File.ReadAllTextAsync(ZonePath)).ShouldBe(ZoneText);
    }
}
