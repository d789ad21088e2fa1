using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig;

/// <summary>
/// The editor on the config files the projects ship (Fixtures/NOTICE.md). The samples ship the
/// well-known setting off or commented out; where a test needs it on, it switches it on in a
/// copy with one minimal text edit first. After each edit: the file re-parses, the setting has
/// its new value, every other value is unchanged, and the bytes differ only on the edited lines.
/// </summary>
public sealed class UpstreamFixtureTests
{
    [Fact]
    public void Playbook_AddsServerFileSwitch_WhenAbsent()
    {
        var before = Fixture("playbook-vars.yml");
        var analysis = Analyze("vars.yml", before);

        analysis.Kind.ShouldBe(ConfigKind.Playbook);
        analysis.Changes.ShouldBe([new ConfigChange("matrix_static_files_file_matrix_server_enabled", ChangeAction.Create, null, "false")]);
        var after = After(analysis);
        after.ShouldStartWith(before);
        after[before.Length..].ShouldBe("\n# srvprov: federation is delegated by DNS SRV records; a served /.well-known/matrix/server would take precedence over them.\nmatrix_static_files_file_matrix_server_enabled: false\n");
        var values = YamlValues(after);
        values.Remove("0.matrix_static_files_file_matrix_server_enabled").ShouldBeTrue();
        ShouldHaveSameValues(values, YamlValues(before));
        YamlValues(after)["0.matrix_static_files_file_matrix_server_enabled"].ShouldBe("false");
    }

    [Fact]
    public void Playbook_SetsServerFileSwitchFalse_WhenTrue()
    {
        var before = ReplaceOnce(Fixture("playbook-vars.yml"), "matrix_domain: example.com\n", "matrix_domain: example.com\nmatrix_static_files_file_matrix_server_enabled: true # serves /.well-known\n");
        var analysis = Analyze("vars.yml", before);

        analysis.Changes.ShouldBe([new ConfigChange("matrix_static_files_file_matrix_server_enabled", ChangeAction.Update, "true", "false")]);
        var after = After(analysis);
        after.ShouldBe(before.Replace("matrix_server_enabled: true #", "matrix_server_enabled: false #", StringComparison.Ordinal));
        ShouldDifferOnlyOnLines(before, after, LineContaining(before, "matrix_static_files_file_matrix_server_enabled"));
        analysis.Diff.ShouldNotBeNull().ShouldContain("-matrix_static_files_file_matrix_server_enabled: true # serves /.well-known\n+matrix_static_files_file_matrix_server_enabled: false # serves /.well-known\n");
    }

    [Fact]
    public void Playbook_RenamesOldSetting_AsDeleteAndCreate()
    {
        var before = ReplaceOnce(Fixture("playbook-vars.yml"), "matrix_domain: example.com\n", "matrix_domain: example.com\nmatrix_well_known_matrix_server_enabled: true\n");
        var analysis = Analyze("vars.yml", before);

        analysis.Changes.ShouldBe([
            new ConfigChange("matrix_well_known_matrix_server_enabled", ChangeAction.Delete, "true", null),
            new ConfigChange("matrix_static_files_file_matrix_server_enabled", ChangeAction.Create, null, "false"),
        ]);
        var after = After(analysis);
        ShouldDifferOnlyOnLines(before, after, LineContaining(before, "matrix_well_known_matrix_server_enabled"));
        var values = YamlValues(after);
        values.Remove("0.matrix_static_files_file_matrix_server_enabled", out var value).ShouldBeTrue();
        value.ShouldBe("false");
        var expected = YamlValues(before);
        expected.Remove("0.matrix_well_known_matrix_server_enabled");
        ShouldHaveSameValues(values, expected);
    }

    [Fact]
    public void Synapse_TurnsOffServeServerWellknown()
    {
        // The generated sample leaves the option out (default false): switch it on first.
        var before = Fixture("synapse-homeserver.yaml") + "serve_server_wellknown: true\n";
        var analysis = Analyze("synapse-homeserver.yaml", before);

        analysis.Kind.ShouldBe(ConfigKind.Synapse);
        analysis.Changes.ShouldBe([new ConfigChange("serve_server_wellknown", ChangeAction.Update, "true", "false")]);
        var after = After(analysis);
        ShouldDifferOnlyOnLines(before, after, LineContaining(before, "serve_server_wellknown"));
        var values = YamlValues(after);
        values["0.serve_server_wellknown"].ShouldBe("false");
        values.Remove("0.serve_server_wellknown");
        var expected = YamlValues(before);
        expected.Remove("0.serve_server_wellknown");
        ShouldHaveSameValues(values, expected);
    }

    [Fact]
    public void Synapse_PlansNothing_OnTheShippedSample()
    {
        var analysis = Analyze("homeserver.yaml", Fixture("synapse-homeserver.yaml"));
        analysis.Changes.ShouldBeEmpty();
        analysis.Diff.ShouldBeNull();
    }

    [Fact]
    public void Dendrite_EmptiesWellKnownServerName()
    {
        var before = ReplaceOnce(Fixture("dendrite-sample.yaml"), "well_known_server_name: \"\"", "well_known_server_name: \"example.com:443\"");
        var analysis = Analyze("dendrite-sample.yaml", before);

        analysis.Kind.ShouldBe(ConfigKind.Dendrite);
        analysis.Changes.ShouldBe([new ConfigChange("global.well_known_server_name", ChangeAction.Update, "\"example.com:443\"", "\"\"")]);
        var after = After(analysis);
        after.ShouldBe(Fixture("dendrite-sample.yaml"));
        var values = YamlValues(after);
        values["0.global.well_known_server_name"].ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData("conduwuit-example.toml", ConfigKind.Conduwuit)]
    [InlineData("continuwuity-example.toml", ConfigKind.Continuwuity)]
    public void ConduwuitFamily_CommentsOutWellKnownServer(string fixture, ConfigKind kind)
    {
        // The example ships "#server =" under [global.well_known]: set it.
        var text = Fixture(fixture);
        var section = text.IndexOf("[global.well_known]", StringComparison.Ordinal);
        var at = text.IndexOf("\n#server =\n", section, StringComparison.Ordinal);
        var before = string.Concat(text.AsSpan(0, at), "\nserver = \"matrix.example.com:443\"\n", text.AsSpan(at + "\n#server =\n".Length));
        AssertTomlServerRemoved(fixture, before, kind);
    }

    [Fact]
    public void Tuwunel_CommentsOutWellKnownServer()
    {
        // Tuwunel's example even has the table header commented out: uncomment both.
        var text = Fixture("tuwunel-example.toml");
        var section = text.IndexOf("\n#[global.well_known]\n", StringComparison.Ordinal);
        var at = text.IndexOf("\n#server =\n", section, StringComparison.Ordinal);
        var before = string.Concat(
            text.AsSpan(0, section),
            "\n[global.well_known]\n",
            text.AsSpan(section + "\n#[global.well_known]\n".Length, at - section - "\n#[global.well_known]\n".Length),
            "\nserver = \"matrix.example.com:443\"\n" + text[(at + "\n#server =\n".Length)..]);
        AssertTomlServerRemoved("tuwunel-example.toml", before, ConfigKind.Tuwunel);
    }

    [Fact]
    public void Conduit_ReportsErrorFinding_AndEditsNothing()
    {
        var analysis = Analyze("conduit-example.toml", Fixture("conduit-example.toml"));

        analysis.Kind.ShouldBe(ConfigKind.Conduit);
        analysis.Changes.ShouldBeEmpty();
        var finding = analysis.Findings.ShouldHaveSingleItem();
        finding.Severity.ShouldBe(Severity.Error);
        finding.Code.ShouldBe("config-conduit-serves-well-known");
        finding.Message.ShouldContain("example.com:443");
        finding.Message.ShouldContain("reverse proxy");
    }

    private static void AssertTomlServerRemoved(string name, string before, ConfigKind kind)
    {
        var analysis = Analyze(name, before);

        analysis.Kind.ShouldBe(kind);
        analysis.Changes.ShouldBe([new ConfigChange("global.well_known.server", ChangeAction.Delete, "\"matrix.example.com:443\"", null)]);
        var after = After(analysis);
        var line = LineContaining(before, "\nserver = \"matrix.example.com:443\"") + 1;
        ShouldDifferOnlyOnLines(before, after, line);
        after.ShouldContain("\n# srvprov: federation is delegated by DNS SRV records; a served /.well-known/matrix/server would take precedence over them.\n#server = \"matrix.example.com:443\"\n");
        var values = TomlValues(after);
        var expected = TomlValues(before);
        expected.Remove("global.well_known.server").ShouldBeTrue();
        ShouldHaveSameValues(values, expected);
        Analyze(name, after).Changes.ShouldBeEmpty();
    }
}
