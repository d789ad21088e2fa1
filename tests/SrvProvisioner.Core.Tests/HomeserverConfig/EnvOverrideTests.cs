using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Planning;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig;

public sealed class EnvOverrideTests
{
    [Fact]
    public void Compose_ReportsListAndMapForms_NotComments()
    {
        var text = """
            services:
              homeserver:
                image: ghcr.io/matrix-construct/tuwunel
                environment:
                  TUWUNEL_WELL_KNOWN__SERVER: "example.com:443"
                  TUWUNEL_SERVER_NAME: example.com
              other:
                environment:
                  - CONDUIT_WELL_KNOWN_SERVER=example.com:443
                  # - CONDUWUIT_WELL_KNOWN__SERVER=example.com:443
            """;
        var analysis = Analyze("docker-compose.yml", text);

        analysis.Kind.ShouldBe(ConfigKind.Compose);
        analysis.Changes.ShouldBeEmpty();
        analysis.Findings.Select(f => (f.Severity, f.Code, f.Message[..f.Message.IndexOf(' ', StringComparison.Ordinal)])).ShouldBe([
            (Severity.Error, "config-well-known-env-override", "docker-compose.yml:5:"),
            (Severity.Error, "config-well-known-env-override", "docker-compose.yml:9:"),
        ]);
        analysis.Findings[0].Message.ShouldContain("TUWUNEL_WELL_KNOWN__SERVER=example.com:443");
    }

    [Fact]
    public void EnvFile_ReportsExportedOverride()
    {
        var analysis = Analyze("/etc/continuwuity/.env", "export CONTINUWUITY_WELL_KNOWN__SERVER='example.com:443'\nCONTINUWUITY_WELL_KNOWN__CLIENT=https://m\n");
        analysis.Findings.ShouldHaveSingleItem().Message.ShouldContain("CONTINUWUITY_WELL_KNOWN__SERVER=example.com:443");
    }

    [Fact]
    public void Playbook_ReportsOverridePassedThroughEnvironmentText()
    {
        var text = "matrix_domain: example.com\nmatrix_static_files_file_matrix_server_enabled: false\nmatrix_synapse_tls_federation_listener_enabled: true\nmatrix_synapse_tls_certificate_path: /c\nmatrix_synapse_tls_private_key_path: /k\nmatrix_conduwuit_environment_variables_extension: |\n  CONDUWUIT_WELL_KNOWN__SERVER=example.com:443\n";
        Analyze("vars.yml", text).Findings.ShouldHaveSingleItem().Code.ShouldBe("config-well-known-env-override");
    }
}
