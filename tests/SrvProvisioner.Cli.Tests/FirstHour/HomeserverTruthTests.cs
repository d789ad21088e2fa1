using SrvProvisioner.Testing.Cli;

namespace SrvProvisioner.Cli.Tests.FirstHour;

/// <summary>
/// Findings true to what each homeserver does, on the projects' own example configs: Conduit
/// serves a well-known only while federation is on; a template is named as one, with the
/// setting to switch off by hand, instead of being called broken.
/// </summary>
[Trait("Category", "Binary")]
public sealed class HomeserverTruthTests : IDisposable
{
    private const string Zone = "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n NS ns1\nmatrix A 192.0.2.1\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("srvprov-truth-").FullName;
    private readonly string _zone;

    public HomeserverTruthTests()
    {
        _zone = Path.Combine(_dir, "example.com.zone");
        File.WriteAllText(_zone, Zone);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Upstream(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SrvProvisioner.sln")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("SrvProvisioner.sln not found above the test output."), "tests", "SrvProvisioner.Core.Tests", "HomeserverConfig", "Fixtures", name);
        return File.ReadAllText(path);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<SrvprovResult> PlanAsync(params string[] more) =>
        SrvprovProcess.RunAsync(["plan", "--zone-file", _zone, "--server-name", "example.com", "--target", "matrix.example.com", "--detailed-exitcode", .. more]);

    [Fact]
    public async Task Conduit_WithFederationOn_IsAnErrorFinding()
    {
        var config = Write("conduit.toml", Upstream("conduit-example.toml"));

        var result = await PlanAsync("--config", config);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stdout.ShouldContain("[config-conduit-serves-well-known]");
    }

    [Theory]
    [InlineData("allow_federation = false", "allow_federation is false")]
    [InlineData("", "allow_federation is not set (Conduit's default is false)")]
    public async Task Conduit_WithFederationOff_ServesNoWellKnown_SoNoError(string line, string expected)
    {
        var text = Upstream("conduit-example.toml");
        text.ShouldContain("allow_federation = true\n");
        var config = Write("conduit.toml", text.Replace("allow_federation = true\n", line.Length > 0 ? line + "\n" : string.Empty, StringComparison.Ordinal));
        var before = File.ReadAllText(config);

        var result = await PlanAsync("--config", config);

        result.Stdout.ShouldNotContain("[config-conduit-serves-well-known]");
        result.Stdout.ShouldContain("[config-conduit-federation-off]");
        result.Stdout.ShouldContain(expected);
        result.Stdout.ShouldNotContain("error   ");
        File.ReadAllText(config).ShouldBe(before);
    }

    [Fact]
    public async Task JinjaTemplate_IsNamedATemplate_WithTheSettingToSwitchOff_NotInvalidToml()
    {
        var text = "{% if matrix_federation_enabled %}\n" + Upstream("tuwunel-example.toml").Replace("#server_name =", "server_name = \"{{ matrix_domain }}\"\n#server_name =", StringComparison.Ordinal) + "{% endif %}\n";
        var config = Write("tuwunel.toml.j2", text);

        var result = await PlanAsync("--config", config);

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldBeEmpty(result.ToString());
        result.Stdout.ShouldContain("[config-template-file]");
        result.Stdout.ShouldContain("is a template");
        result.Stdout.ShouldContain("[global.well_known]");
        result.Stdout.ShouldNotContain("not valid TOML");
        File.ReadAllText(config).ShouldBe(text);
    }

    [Fact]
    public async Task TemplatedSynapseConfig_WithoutTemplateSuffix_IsNamedATemplate()
    {
        var text = Upstream("synapse-homeserver.yaml") + "\n{% for l in extra_listeners %}\n  - port: {{ l.port }}\n{% endfor %}\n";
        var config = Write("homeserver.yaml", text);

        var result = await PlanAsync("--config", config);

        result.Stderr.ShouldBeEmpty(result.ToString());
        result.Stdout.ShouldContain("[config-template-file]");
        result.Stdout.ShouldContain("serve_server_wellknown: false");
    }

    [Fact]
    public async Task Template_OfUnknownKind_AsksForConfigKind()
    {
        var config = Write("server.conf.j2", "name = {{ x }}\n");

        var result = await PlanAsync("--config", config);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("is a template");
        result.Stderr.ShouldContain("--config-kind");
    }
}
