using SrvProvisioner.Core.HomeserverConfig;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig.Traefik;

/// <summary>Traefik routers that route the server file: found in dynamic files and compose labels, with file:line; never edited.</summary>
public sealed class TraefikRulesTests
{
    [Fact]
    public void DynamicYaml_RouterForTheWellKnown_IsAWarningWithFileAndLine_AndNoEdit()
    {
        const string text = "http:\n  routers:\n    matrix-well-known:\n      rule: \"Host(`example.com`) && PathPrefix(`/.well-known/matrix`)\"\n      service: static-files\n    site:\n      rule: \"Host(`example.com`)\"\n      service: website\n";

        var analysis = Analyze("dynamic/matrix.yml", text);

        analysis.Kind.ShouldBe(ConfigKind.Traefik);
        analysis.Changes.ShouldBeEmpty();
        var finding = analysis.Findings.ShouldHaveSingleItem("a router for the whole site is not a well-known router");
        finding.Code.ShouldBe(ConfigFindingCodes.ProxyTraefikRouter);
        finding.Message.ShouldStartWith("dynamic/matrix.yml:4: Traefik a router with rule Host(`example.com`) && PathPrefix(`/.well-known/matrix`) routes /.well-known/matrix/server for example.com");
    }

    [Fact]
    public void ComposeLabels_NameTheRouter()
    {
        const string text = "services:\n  wk:\n    image: nginx\n    labels:\n      - \"traefik.http.routers.wellknown.rule=Host(`example.com`) && Path(`/.well-known/matrix/server`)\"\n      - \"traefik.http.routers.client.rule=Host(`example.com`) && Path(`/.well-known/matrix/client`)\"\n      - \"traefik.http.routers.other.rule=Host(`other.test`) && PathPrefix(`/.well-known`)\"\n";

        var analysis = Analyze("docker-compose.yml", text);

        analysis.Kind.ShouldBe(ConfigKind.Compose);
        analysis.Findings.ShouldHaveSingleItem().Message.ShouldStartWith("docker-compose.yml:5: Traefik router wellknown with rule Host(`example.com`) && Path(`/.well-known/matrix/server`)");
    }

    [Fact]
    public void DynamicToml_WithAlternatives_SaysToCheckTheRule()
    {
        const string text = "[http.routers.wk]\n  rule = \"Host(`example.com`) && (PathPrefix(`/.well-known/matrix/`) || Path(`/robots.txt`))\"\n  service = \"files\"\n";

        var analysis = Analyze("routers.toml", text);

        analysis.Kind.ShouldBe(ConfigKind.Traefik);
        analysis.Findings.ShouldHaveSingleItem().Message.ShouldContain("the rule has alternatives, negations or regexes");
    }
}
