using System.Diagnostics;
using System.Text;
using SrvProvisioner.Core.Errors;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig;

/// <summary>
/// YAML merge keys (https://yaml.org/type/merge.html), which PyYAML (Synapse, Ansible) and
/// yaml.v3 (Dendrite) apply: a key the mapping does not set itself may come in through
/// <c>&lt;&lt;</c>, keys written in the mapping win over merged ones, and earlier sources win
/// over later ones. srvprov must never report "nothing to change" while a merge turns the
/// well-known on, nor edit a mapping that merges elsewhere share.
/// </summary>
public sealed class YamlMergeKeyTests
{
    [Theory]
    [InlineData("base: &base\n  serve_server_wellknown: true\n<<: *base\nserver_name: example.com\n", "line 3")]
    [InlineData("a: &a {x: 1}\nb: &b {serve_server_wellknown: true}\n<<: [*a, *b]\n", "line 3")]
    [InlineData("<<: {serve_server_wellknown: true}\nserver_name: example.com\n", "line 1")]
    [InlineData("inner: &inner {serve_server_wellknown: true}\nouter: &outer\n  <<: *inner\n<<: *outer\n", "line 4")]
    public void Synapse_RefusesAWellKnownThatAMergeKeyBringsIn(string text, string line)
    {
        var message = Should.Throw<ConfigFileException>(() => Analyze("homeserver.yaml", text)).Message;

        message.ShouldContain("serve_server_wellknown");
        message.ShouldContain("merge key '<<' on " + line);
    }

    [Fact]
    public void Synapse_EditsTheKeyWrittenInTheMapping_WhichWinsOverTheMerge()
    {
        const string Text = "base: &base {serve_server_wellknown: false}\n<<: *base\nserve_server_wellknown: true\n";

        After(Analyze("homeserver.yaml", Text)).ShouldBe("base: &base {serve_server_wellknown: false}\n<<: *base\nserve_server_wellknown: false\n");
    }

    [Theory]
    [InlineData("base: &base {x: 1}\n<<: *base\nserver_name: example.com\n")]
    [InlineData("base: &base {x: 1}\n\"<<\": *base\n")]
    public void Synapse_PlansNothing_WhenNoMergeSuppliesTheSetting(string text)
    {
        Analyze("homeserver.yaml", text).Changes.ShouldBeEmpty();
    }

    [Fact]
    public void Synapse_RefusesAMergeOfAListItem_ItCannotFollow()
    {
        Should.Throw<ConfigFileException>(() => Analyze("homeserver.yaml", "list:\n  - &item {serve_server_wellknown: true}\n<<: *item\n"))
            .Message.ShouldContain("cannot follow");
    }

    [Fact]
    public void Playbook_RefusesAServerFileSettingThatAMergeKeyBringsIn()
    {
        const string Text = "defaults: &defaults\n  matrix_static_files_file_matrix_server_enabled: true\nmatrix_domain: example.com\n<<: *defaults\n";

        Should.Throw<ConfigFileException>(() => Analyze("vars.yml", Text)).Message.ShouldContain("matrix_static_files_file_matrix_server_enabled");
    }

    [Fact]
    public void Dendrite_RefusesANestedSettingThatAMergeKeyBringsIn()
    {
        const string Text = "defaults: &d\n  well_known_server_name: matrix.example.com:443\nglobal:\n  <<: *d\n  server_name: example.com\n";

        Should.Throw<ConfigFileException>(() => Analyze("dendrite.yaml", Text)).Message.ShouldContain("global.well_known_server_name");
    }

    [Fact]
    public void Dendrite_RefusesToEditInsideAnAnchoredMappingThatAMergeShares()
    {
        const string Text = "global: &g\n  server_name: example.com\n  well_known_server_name: matrix.example.com:443\nmirror:\n  <<: *g\n";

        Should.Throw<ConfigFileException>(() => Analyze("dendrite.yaml", Text)).Message.ShouldContain("anchored &g");
    }

    [Fact]
    public void MergesOfMerges_BillionLaughsStyle_AreReadInLinearTime()
    {
        // 30 levels, each merging the previous one ten times: expanded, 10^30 mappings.
        var yaml = new StringBuilder("l0: &l0 {x: 1}\n");
        for (var i = 1; i <= 30; i++)
        {
            yaml.Append($"l{i}: &l{i}\n  <<: [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        }

        yaml.Append("<<: *l30\nserver_name: example.com\n");
        var watch = Stopwatch.StartNew();

        Analyze("homeserver.yaml", yaml.ToString()).Changes.ShouldBeEmpty();

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }
}
