using System.Text;
using SrvProvisioner.Core.Discovery;
using SrvProvisioner.Core.HomeserverConfig.Proxies;

namespace SrvProvisioner.Core.Tests.Discovery;

/// <summary>Which config location explains a live well-known answer: the Server header's product and, where the config holds it, the body.</summary>
public sealed class LiveServingMatcherTests
{
    private const string Served = """{"m.server": "matrix.example.com:443"}""";

    private static readonly WellKnownServingLocation NginxReturn =
        new("nginx", "/etc/nginx/sites-enabled/example.com:12", "location = /.well-known/matrix/server") { Body = """{"m.server":"matrix.example.com:443"}""" };

    private static readonly WellKnownServingLocation NginxOtherReturn =
        new("nginx", "/etc/nginx/sites-enabled/old.conf:7", "location /.well-known/matrix/") { Body = """{"m.server":"old.example.com:443"}""" };

    private static readonly WellKnownServingLocation CaddyRespond =
        new("Caddy", "/etc/caddy/Caddyfile:4", "respond") { Body = Served };

    private static readonly WellKnownServingLocation ApacheAlias =
        new("Apache", "/etc/apache2/sites-enabled/example.conf:9", "Alias to /var/www/matrix/server");

    private static WellKnownResult Live(string? server, string body) =>
        new("https://example.com/.well-known/matrix/server", true, "served") { ServerHeader = server, Body = Encoding.UTF8.GetBytes(body) };

    [Theory]
    [InlineData("nginx/1.22.1", "/etc/nginx/sites-enabled/example.com:12 (location = /.well-known/matrix/server)")]
    [InlineData("Caddy", "/etc/caddy/Caddyfile:4 (respond)")]
    public void OneLocationWithSameSoftwareAndBody_IsNamed(string server, string named)
    {
        var text = LiveServingMatcher.Explain(Live(server, Served), [NginxReturn, NginxOtherReturn, CaddyRespond, ApacheAlias]);

        text.ShouldBe($"It is served by {named}: the Server header and the body match.");
    }

    [Fact]
    public void JsonBodies_AreComparedByMServer_NotBySpacing()
    {
        var exact = LiveServingMatcher.Exact(Live("nginx", "{ \"m.server\" :\n \"matrix.example.com:443\" }\n"), [NginxReturn]);

        exact.ShouldBe([NginxReturn]);
    }

    [Fact]
    public void NonJsonBodies_AreComparedByBytes()
    {
        var literal = NginxReturn with { Body = "not json" };

        LiveServingMatcher.Exact(Live("nginx", "not json"), [literal]).ShouldBe([literal]);
        LiveServingMatcher.Exact(Live("nginx", "not json\n"), [literal]).ShouldBeEmpty();
    }

    [Fact]
    public void SameBodyFromOtherSoftware_IsNotClaimed()
    {
        var text = LiveServingMatcher.Explain(Live("cloudflare", Served), [NginxReturn, CaddyRespond]);

        text.ShouldBe("None of the locations in the given configs matches the answer (Server: cloudflare): look for what else serves it (a CDN, another proxy or host in front).");
    }

    [Fact]
    public void SameSoftwareWithOtherBody_IsNotClaimed_AndSaysTheBodyDiffers()
    {
        var text = LiveServingMatcher.Explain(Live("nginx/1.26.0", """{"m.server":"elsewhere.example.net:443"}"""), [NginxReturn, NginxOtherReturn]);

        text.ShouldStartWith("None of the locations in the given configs matches the answer (Server: nginx/1.26.0, a different body)");
        text.ShouldNotContain("/etc/nginx");
    }

    [Fact]
    public void NoServerHeader_ClaimsNothing()
    {
        var text = LiveServingMatcher.Explain(Live(null, Served), [NginxReturn, ApacheAlias]);

        text.ShouldContain("(no Server header)");
        text.ShouldNotContain("/etc/");
    }

    [Fact]
    public void FileLocation_MatchesOnSoftwareOnly_AsProbably()
    {
        var text = LiveServingMatcher.Explain(Live("Apache/2.4.62 (Debian)", Served), [NginxReturn, ApacheAlias]);

        text.ShouldBe("It is probably served by /etc/apache2/sites-enabled/example.conf:9 (Alias to /var/www/matrix/server): the Server header matches Apache; the file it serves is not compared.");
    }

    [Fact]
    public void SeveralMatchingLocations_AreAllNamed()
    {
        var twin = NginxReturn with { Where = "/etc/nginx/sites-enabled/www.example.com:3" };

        var text = LiveServingMatcher.Explain(Live("nginx", Served), [NginxReturn, twin, NginxOtherReturn]);

        text.ShouldBe("It is served by one of /etc/nginx/sites-enabled/example.com:12 (location = /.well-known/matrix/server); /etc/nginx/sites-enabled/www.example.com:3 (location = /.well-known/matrix/server): each matches the Server header and the body.");
    }

    [Fact]
    public void ABodyMatch_IsPreferredOverAFileLocationOfTheSameSoftware()
    {
        var file = new WellKnownServingLocation("nginx", "/etc/nginx/conf.d/default.conf:5", "location /.well-known/");

        LiveServingMatcher.Explain(Live("nginx", Served), [file, NginxReturn]).ShouldContain("It is served by /etc/nginx/sites-enabled/example.com:12");
    }

    [Theory]
    [InlineData("nginx/1.22.1", "nginx")]
    [InlineData("Apache/2.4.62 (Debian)", "Apache")]
    [InlineData("Caddy", "Caddy")]
    [InlineData("  Apache", "Apache")]
    [InlineData("", null)]
    public void Product_IsTheFirstTokenOfTheServerHeader(string header, string? product) =>
        LiveServingMatcher.Product(header).ShouldBe(product);
}
