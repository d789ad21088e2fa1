using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig;

public sealed class KindDetectionTests
{
    [Theory]
    [InlineData("inventory/host_vars/matrix.example.com/vars.yml", "a: 1\n", ConfigKind.Playbook)]
    [InlineData("main.yml", "matrix_domain: example.com\n", ConfigKind.Playbook)]
    [InlineData("homeserver.yaml", "a: 1\n", ConfigKind.Synapse)]
    [InlineData("hs.yaml", "server_name: a\nlisteners: []\n", ConfigKind.Synapse)]
    [InlineData("config.yaml", "version: 2\nglobal:\n  server_name: a\n", ConfigKind.Dendrite)]
    [InlineData("dendrite.yaml", "a: 1\n", ConfigKind.Dendrite)]
    [InlineData("docker-compose.yml", "a: 1\n", ConfigKind.Compose)]
    [InlineData("stack.yml", "services:\n  hs:\n    image: x\n", ConfigKind.Compose)]
    [InlineData(".env", "A=1\n", ConfigKind.Env)]
    [InlineData("tuwunel.env", "A=1\n", ConfigKind.Env)]
    [InlineData("tuwunel.toml", "[global]\n", ConfigKind.Tuwunel)]
    [InlineData("config.toml", "# continuwuity config\n[global]\n", ConfigKind.Continuwuity)]
    [InlineData("config.toml", "# conduwuit\n[global]\n", ConfigKind.Conduwuit)]
    [InlineData("config.toml", "# Conduit\n[global]\n", ConfigKind.Conduit)]
    public void Detects_KindFromNameAndContent(string path, string text, ConfigKind kind)
    {
        Analyze(path, text).Kind.ShouldBe(kind);
    }

    [Theory]
    [InlineData("config.toml", "[global]\nport = 1\n")]
    [InlineData("settings.yaml", "a: 1\n")]
    [InlineData("notes.txt", "{ not: yaml: at all")]
    public void Unknown_IsOneClearError(string path, string text)
    {
        Should.Throw<ConfigFileException>(() => Analyze(path, text)).Message
            .ShouldBe($"cannot tell what kind of config {path} is; use --config-kind playbook|synapse|dendrite|conduwuit|tuwunel|continuwuity|conduit|compose|env|nginx|caddy|apache|traefik");
    }

    [Fact]
    public void ForcedKind_WinsOverName()
    {
        Analyze("vars.yml", "serve_server_wellknown: true\n", ConfigKind.Synapse).Changes.ShouldHaveSingleItem().Setting.ShouldBe("serve_server_wellknown");
    }

    [Fact]
    public void KindNames_ParseCaseInsensitively_AndRejectOthers()
    {
        ConfigKinds.Parse("Tuwunel").ShouldBe(ConfigKind.Tuwunel);
        Should.Throw<InvalidInputException>(() => ConfigKinds.Parse("haproxy")).Message.ShouldContain("playbook, synapse");
    }

    [Theory]
    [InlineData("/etc/caddy/Caddyfile", "example.com {\n}\n")]
    [InlineData("sites/example.com.caddy", "example.com {\n}\n")]
    [InlineData("site.conf", "example.com {\n\treverse_proxy localhost:8008\n}\n")]
    public void Detects_Caddyfiles_ByNameAndContent(string path, string text)
    {
        ConfigKindDetector.Detect(ConfigFileText.Decode(path, System.Text.Encoding.UTF8.GetBytes(text))).ShouldBe(ConfigKind.Caddy);
    }

    [Theory]
    [InlineData("/etc/apache2/apache2.conf", "ServerRoot /etc/apache2\n")]
    [InlineData("/srv/conf/example.com.conf", "<VirtualHost *:443>\n    ServerName example.com\n</VirtualHost>\n")]
    public void Detects_ApacheFiles_ByNameAndContent(string path, string text)
    {
        ConfigKindDetector.Detect(ConfigFileText.Decode(path, System.Text.Encoding.UTF8.GetBytes(text))).ShouldBe(ConfigKind.Apache);
    }
}
