using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.Dns;

namespace SrvProvisioner.Core.Tests.Discovery;

/// <summary>Discovery's DNS against real BIND: truncation, SERVFAIL, NXDOMAIN, CNAME evidence.</summary>
public sealed class DiscoveryDnsTests(FederationLabFixture fixture) : IClassFixture<FederationLabFixture>
{
    private DiscoveryDns Dns => new(DnsServerAddress.Parse(fixture.Lab.Bind.Address), TimeSpan.FromSeconds(5));

    [Fact]
    public async Task LargeSrvSet_ArrivesWhole_OverTcpAfterTruncation()
    {
        var lookup = await Dns.LookupSrvAsync(DnsName.Parse("_matrix-fed._tcp.many.test"), CancellationToken.None);

        lookup.Outcome.ShouldBe(LookupOutcome.Found, lookup.Detail);
        lookup.Records.Count.ShouldBe(90);
    }

    [Fact]
    public async Task ServfailZone_IsAnError_NotNoRecords()
    {
        var lookup = await Dns.LookupSrvAsync(DnsName.Parse("_matrix-fed._tcp.servfail.test"), CancellationToken.None);

        lookup.Outcome.ShouldBe(LookupOutcome.Error);
        lookup.Detail.ShouldContain("SERVFAIL");
    }

    [Fact]
    public async Task MissingName_IsNoRecords()
    {
        var lookup = await Dns.LookupSrvAsync(DnsName.Parse("_matrix-fed._tcp.nothing.ok.test"), CancellationToken.None);

        lookup.Outcome.ShouldBe(LookupOutcome.NoRecords);
        lookup.Detail.ShouldBe("NXDOMAIN");
    }

    [Fact]
    public async Task SrvAnswer_CarriesTheTtl()
    {
        var lookup = await Dns.LookupSrvAsync(DnsName.Parse("_matrix-fed._tcp.ok.test"), CancellationToken.None);

        lookup.Records.ShouldHaveSingleItem().ShouldBe(new SrvAnswer(SrvRecord.Parse("10 0 8448 matrix.ok.test."), 300));
    }

    [Fact]
    public async Task Alias_IsReportedWithItsTarget()
    {
        var lookup = await Dns.LookupAddressesAsync(DnsName.Parse("alias.cname.test"), CancellationToken.None);

        lookup.CnameTo.ShouldBe(DnsName.Parse("real.cname.test"));
        lookup.Addresses.Select(a => a.ToString()).ShouldBe(["127.0.0.1"]);
    }
}
