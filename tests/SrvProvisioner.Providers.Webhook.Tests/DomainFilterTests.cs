using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Providers.Webhook.Api;
using SrvProvisioner.Providers.Webhook.Filters;

namespace SrvProvisioner.Providers.Webhook.Tests;

/// <summary>The domain filter as ExternalDNS's endpoint.DomainFilter defines matching, and the zone srvprov derives from it.</summary>
public sealed class DomainFilterTests
{
    private static readonly Uri Hook = new("http://127.0.0.1:8888/");

    private static DnsName N(string name) => DnsName.Parse(name);

    private static DnsName Zone(DomainFilterJson json, string serverName, string? given = null)
    {
        var name = N(serverName);
        return DomainFilter.From(json, Hook).ZoneFor(name, [MatrixSrvNames.Fed(name), MatrixSrvNames.Legacy(name)], given is null ? null : N(given), Hook);
    }

    [Theory]
    [InlineData("example.com", "_matrix-fed._tcp.example.com", true)]
    [InlineData("example.com", "example.com", true)]
    [InlineData("example.com", "badexample.com", false)]
    [InlineData(".example.com", "example.com", false)]
    [InlineData(".example.com", "_matrix._tcp.example.com", true)]
    [InlineData("Example.COM.", "_matrix._tcp.example.com", true)]
    public void Matches_FollowsExternalDnsDomainRules(string include, string name, bool expected) =>
        DomainFilter.From(new DomainFilterJson { Include = [include] }, Hook).Matches(N(name)).ShouldBe(expected);

    [Fact]
    public void ZoneFor_TakesTheLongestIncludedDomain_AndRefusesNamesUnderAnExclude()
    {
        var json = new DomainFilterJson { Include = ["example.com", "chat.example.com", "old.chat.example.com"], Exclude = ["old.chat.example.com"] };

        Zone(json, "x.chat.example.com").ShouldBe(N("chat.example.com"));
        Zone(json, "example.com").ShouldBe(N("example.com"));
        Should.Throw<InvalidInputException>(() => Zone(json, "old.chat.example.com")).Message.ShouldContain("exclude [old.chat.example.com]");
    }

    [Fact]
    public void ZoneFor_ReadsTheOpenApiFiltersForm()
    {
        Zone(new DomainFilterJson { Filters = ["example.org", "example.com"] }, "matrix.example.com").ShouldBe(N("example.com"));
    }

    [Fact]
    public void ZoneFor_RefusesANameWhoseSrvNamesAreExcluded_ListingTheFilter()
    {
        var json = new DomainFilterJson { Include = ["example.com"], Exclude = ["_tcp.example.com"] };

        var error = Should.Throw<InvalidInputException>(() => Zone(json, "example.com"));

        error.Message.ShouldContain("_matrix-fed._tcp.example.com");
        error.Message.ShouldContain("include [example.com], exclude [_tcp.example.com]");
    }

    [Fact]
    public void ZoneFor_WithRegexesOnly_NeedsTheZone_AndChecksTheNamesAgainstBothRegexes()
    {
        var json = new DomainFilterJson { RegexInclude = @"\.example\.com$", RegexExclude = @"^_matrix\._tcp\.internal\." };

        Should.Throw<InvalidInputException>(() => Zone(json, "example.com")).Message.ShouldContain("--webhook-zone");
        Zone(json, "chat.example.com", "example.com").ShouldBe(N("example.com"));
        Should.Throw<InvalidInputException>(() => Zone(json, "internal.example.com", "example.com")).Message.ShouldContain("_matrix._tcp.internal.example.com");
    }

    [Fact]
    public void ZoneFor_AnEmptyFilterTakesEveryDomain_SoTheZoneMustBeGiven()
    {
        var empty = new DomainFilterJson();

        Should.Throw<InvalidInputException>(() => Zone(empty, "example.com")).Message.ShouldContain("every domain");
        Zone(empty, "chat.example.com", "example.com").ShouldBe(N("example.com"));
        Should.Throw<InvalidInputException>(() => Zone(empty, "example.com", "example.org")).Message.ShouldContain("does not enclose");
    }

    [Fact]
    public void From_RefusesARegexThatIsNotOne_AsAProviderError()
    {
        Should.Throw<ProviderException>(() => DomainFilter.From(new DomainFilterJson { RegexInclude = "(unclosed" }, Hook)).Message.ShouldContain("domain filter");
    }
}
