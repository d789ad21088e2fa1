using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using SrvProvisioner.Core.Acme;
using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Providers;
using SrvProvisioner.Testing.Bind;

namespace SrvProvisioner.Providers.Rfc2136.Tests;

/// <summary>
/// ACME challenge TXT values through RFC 2136 against a real named (issue 19): each write is
/// conditional on the set as read (RFC 2136 §2.4.2/§2.4.3), so concurrent hook runs for the
/// same name lose no value and a cleanup removes only its own.
/// </summary>
public sealed class Rfc2136TxtTests : IAsyncLifetime
{
    private const string Name = "_acme-challenge.example.com";
    private BindServer _server = null!;

    public async Task InitializeAsync() => _server = await BindServer.StartAsync([TestZones.ExampleCom()]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ConcurrentHookRuns_ForOneName_AllTheirValuesArrive()
    {
        var values = Enumerable.Range(0, 4).Select(i => $"value{i}-" + new string((char)('a' + i), 36)).ToList();

        await Task.WhenAll(values.Select(async v =>
        {
            await using var provider = Create();
            var challenge = AcmeChallenge.Parse("example.com", v, "domain");
            var zone = await provider.FindZoneAsync(challenge.Name, CancellationToken.None);
            await new AcmeChallengeRecords(provider).AddAsync(zone, challenge, 60, CancellationToken.None);
        }));

        (await TxtAsync()).ShouldBe(values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Cleanup_RemovesOnlyItsValue_AndTheLastOneRemovesTheSet()
    {
        await using var provider = Create();
        var records = new AcmeChallengeRecords(provider);
        var apex = AcmeChallenge.Parse("example.com", "apexValue_0123456789", "domain");
        var wildcard = AcmeChallenge.Parse("*.example.com", "-wildcardValue_0123456789", "domain");
        var zone = await provider.FindZoneAsync(apex.Name, CancellationToken.None);
        await records.AddAsync(zone, apex, 60, CancellationToken.None);
        await records.AddAsync(zone, wildcard, 60, CancellationToken.None);

        await records.RemoveAsync(zone, apex, CancellationToken.None);
        (await TxtAsync()).ShouldBe(["-wildcardValue_0123456789"]);

        await records.RemoveAsync(zone, wildcard, CancellationToken.None);
        (await TxtAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadsValuesAsCanonicalTxt_CaseKept()
    {
        await using var provider = Create();
        var challenge = AcmeChallenge.Parse("example.com", "MiXeDcAsE_value", "domain");
        var zone = await provider.FindZoneAsync(challenge.Name, CancellationToken.None);
        await new AcmeChallengeRecords(provider).AddAsync(zone, challenge, 60, CancellationToken.None);

        var set = (await provider.GetRecordSetsAsync(zone, [challenge.Key], CancellationToken.None)).ShouldHaveSingleItem();

        set.Values.ShouldBe(["\"MiXeDcAsE_value\""]);
        set.Ttl.ShouldBe(60u);
    }

    [Fact]
    public async Task ApplyAsync_RefusesRemoval_WhenSetChangedBehindItsBack()
    {
        await using var provider = Create();
        var challenge = AcmeChallenge.Parse("example.com", "mine", "domain");
        var zone = await provider.FindZoneAsync(challenge.Name, CancellationToken.None);
        await new AcmeChallengeRecords(provider).AddAsync(zone, challenge, 60, CancellationToken.None);
        var seen = (await provider.GetRecordSetsAsync(zone, [challenge.Key], CancellationToken.None)).Single();

        await AddTxtBehindItsBackAsync("theirs");

        await Should.ThrowAsync<StalePlanException>(() => provider.ApplyAsync(zone, [new RecordSetChange(seen, null)], CancellationToken.None));
        (await TxtAsync()).ShouldBe(["mine", "theirs"]);
    }

    [Fact]
    public async Task Apply_RefusesTxtOutsideAcmeChallengeNames_AndSendsNothing()
    {
        await using var provider = Create();
        var zone = await provider.FindZoneAsync(DnsName.Parse("example.com"), default);
        var spf = new RecordSet(DnsName.Parse("example.com"), SrvProvisioner.Core.Dns.RecordType.Txt, 300, ["\"v=spf1 +all\""]);

        var error = await Should.ThrowAsync<InvalidInputException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, spf)], default));

        error.Message.ShouldContain("only at _acme-challenge names");
        (await provider.GetRecordSetsAsync(zone, [spf.Key], default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Apply_RefusesNonAsciiTxt_RatherThanAlterIt()
    {
        await using var provider = Create();
        var name = DnsName.Parse(Name);
        var zone = await provider.FindZoneAsync(name, default);
        var set = new RecordSet(name, SrvProvisioner.Core.Dns.RecordType.Txt, 60, [TxtRecordText.FromText("caf\u00e9")]);

        var error = await Should.ThrowAsync<InvalidInputException>(() => provider.ApplyAsync(zone, [new RecordSetChange(null, set)], default));

        error.Message.ShouldContain("beyond ASCII");
        (await TxtAsync()).ShouldBeEmpty();
    }

    private IDnsProvider Create() => new Rfc2136ProviderFactory().Create(new ProviderSettings("rfc2136", new Dictionary<string, string>
    {
        [Rfc2136ProviderFactory.ServerOption] = _server.Address,
        [Rfc2136ProviderFactory.KeyFileOption] = _server.KeyFilePath,
    }));

    private DnsClient Client() => new([_server.EndPoint.Address], [new UdpClientTransport(_server.Port), new TcpClientTransport(_server.Port)], false, 5000);

    private async Task<IReadOnlyList<string>> TxtAsync()
    {
        var response = await Client().ResolveAsync(DomainName.Parse(Name), ARSoft.Tools.Net.Dns.RecordType.Txt, RecordClass.INet, new DnsQueryOptions { IsRecursionDesired = false });
        response.ShouldNotBeNull();
        return [.. response.AnswerRecords.OfType<TxtRecord>().Select(r => r.TextData).Order(StringComparer.Ordinal)];
    }

    private async Task AddTxtBehindItsBackAsync(string value)
    {
        var msg = new ARSoft.Tools.Net.Dns.DynamicUpdate.DnsUpdateMessage { ZoneName = DomainName.Parse("example.com") };
        msg.Updates.Add(new ARSoft.Tools.Net.Dns.DynamicUpdate.AddRecordUpdate(new TxtRecord(DomainName.Parse(Name), 60, value)));
        msg.TSigOptions = new TSigRecord(DomainName.Parse(_server.Key.Name), TSigAlgorithm.Sha256, DateTime.UtcNow, TimeSpan.FromMinutes(5), msg.TransactionID, ReturnCode.NoError, null, Convert.FromBase64String(_server.Key.SecretBase64));
        var response = await Client().SendUpdateAsync(msg);
        response.ShouldNotBeNull();
        response.ReturnCode.ShouldBe(ReturnCode.NoError);
    }
}
