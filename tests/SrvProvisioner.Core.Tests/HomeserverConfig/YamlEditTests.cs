using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;
using static SrvProvisioner.Core.Tests.HomeserverConfig.ConfigTestSupport;

namespace SrvProvisioner.Core.Tests.HomeserverConfig;

public sealed class YamlEditTests
{
    [Theory]
    [InlineData("serve_server_wellknown: true\n", "serve_server_wellknown: false\n")]
    [InlineData("serve_server_wellknown: yes  # on\n", "serve_server_wellknown: false  # on\n")]
    [InlineData("serve_server_wellknown: 'true'\n", "serve_server_wellknown: false\n")]
    [InlineData("serve_server_wellknown: \"false\"\n", "serve_server_wellknown: false\n")]
    [InlineData("serve_server_wellknown:   True\r\n", "serve_server_wellknown:   false\r\n")]
    [InlineData("server_name: x\nlisteners: {a: 1, serve: 2}\nfoo: {serve_server_wellknown: true, b: 2}\nserve_server_wellknown: true", "server_name: x\nlisteners: {a: 1, serve: 2}\nfoo: {serve_server_wellknown: true, b: 2}\nserve_server_wellknown: false")]
    public void Synapse_ChangesOnlyTheValueSpan(string before, string expected)
    {
        After(Analyze("homeserver.yaml", before)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("serve_server_wellknown: false\n")]
    [InlineData("serve_server_wellknown: no\n")]
    [InlineData("serve_server_wellknown:\n")]
    [InlineData("server_name: x\n")]
    public void Synapse_PlansNothing_WhenAlreadyOff(string text)
    {
        Analyze("homeserver.yaml", text).Changes.ShouldBeEmpty();
    }

    [Fact]
    public void Synapse_EditsInsideFlowMapping()
    {
        After(Analyze("homeserver.yaml", "{server_name: x, serve_server_wellknown: true}\n")).ShouldBe("{server_name: x, serve_server_wellknown: false}\n");
    }

    [Fact]
    public void Edit_KeepsByteOrderMark()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("serve_server_wellknown: true\n"u8.ToArray()).ToArray();
        var analysis = ConfigAnalyzer.Analyze("homeserver.yaml", bytes, null, Server);
        analysis.After.ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }.Concat("serve_server_wellknown: false\n"u8.ToArray()).ToArray());
    }

    [Theory]
    [InlineData("global:\n  server_name: a\n  well_known_server_name: 'a.example:443'\n", "global:\n  server_name: a\n  well_known_server_name: ''\n")]
    [InlineData("global:\n  well_known_server_name: a.example:443 # delegated\n", "global:\n  well_known_server_name: \"\" # delegated\n")]
    public void Dendrite_EmptiesInTheValuesQuotingStyle(string before, string expected)
    {
        var analysis = Analyze("dendrite.yaml", before);
        After(analysis).ShouldBe(expected);
        analysis.Changes.ShouldHaveSingleItem().ShouldBe(new ConfigChange("global.well_known_server_name", ChangeAction.Update, "\"a.example:443\"", "\"\""));
    }

    [Fact]
    public void Playbook_AddsKey_KeepingCrlfAndMissingFinalNewline()
    {
        var analysis = Analyze("vars.yml", "matrix_domain: example.com\r\n# end");
        After(analysis).ShouldBe("matrix_domain: example.com\r\n# end\r\n\r\n# srvprov: federation is delegated by DNS SRV records; a served /.well-known/matrix/server would take precedence over them.\r\nmatrix_static_files_file_matrix_server_enabled: false");
    }

    [Fact]
    public void Playbook_AddsKeyBeforeExplicitDocumentEnd()
    {
        var after = After(Analyze("vars.yml", "---\nmatrix_domain: example.com\n...\n# trailer\n"));
        after.ShouldStartWith("---\nmatrix_domain: example.com\n# srvprov:");
        after.ShouldEndWith("matrix_static_files_file_matrix_server_enabled: false\n...\n# trailer\n");
    }

    [Fact]
    public void Playbook_ReportsTemplate_AndDoesNotEditIt()
    {
        var analysis = Analyze("vars.yml", "matrix_domain: example.com\nmatrix_static_files_file_matrix_server_enabled: \"{{ not srv }}\"\n");
        analysis.Changes.ShouldBeEmpty();
        analysis.Findings.ShouldContain(f => f.Code == "config-templated-value" && f.Severity == Severity.Warning);
    }

    [Fact]
    public void Playbook_ReportsBaseDomainServing_AndMissingCertificate()
    {
        var analysis = Analyze("vars.yml", "matrix_domain: example.com\nmatrix_static_files_container_labels_base_domain_enabled: true\n");
        analysis.Findings.Select(f => f.Code).ShouldBe(["config-playbook-base-domain-served", "config-playbook-federation-certificate"], ignoreOrder: true);
    }

    [Fact]
    public void Playbook_AcceptsSynapseTlsListener_AsBaseDomainCertificate()
    {
        var analysis = Analyze("vars.yml", "matrix_domain: example.com\nmatrix_synapse_tls_federation_listener_enabled: true\nmatrix_synapse_tls_certificate_path: /c.crt\nmatrix_synapse_tls_private_key_path: /k.key\n");
        analysis.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Playbook_NamesTheMissingKey_WhenListenerHasNoKeyPath()
    {
        var analysis = Analyze("vars.yml", "matrix_domain: example.com\nmatrix_synapse_tls_federation_listener_enabled: true\nmatrix_synapse_tls_certificate_path: /c.crt\n");
        analysis.Findings.ShouldHaveSingleItem().Message.ShouldContain("matrix_synapse_tls_private_key_path is not set");
    }

    [Theory]
    [InlineData("serve_server_wellknown: true\nserve_server_wellknown: false\n", "appears 2 times")]
    [InlineData("x: &on true\nserve_server_wellknown: *on\n", "alias")]
    [InlineData("serve_server_wellknown: &on true\n", "anchor")]
    [InlineData("serve_server_wellknown: true\n---\nserve_server_wellknown: false\n", "several YAML documents")]
    [InlineData("serve_server_wellknown: [true]\n", "not a single value")]
    [InlineData("serve_server_wellknown: |\n  true\n", "block scalar")]
    [InlineData("serve_server_wellknown: \"true\n", "not valid YAML")]
    // Found by the config fuzz test: YamlDotNet rejects the tag with an ArgumentException.
    [InlineData("[!!python[/object g)lo---\nb\n", "not valid YAML")]
    // Found by the config fuzz test: YamlDotNet ends its events inside the mapping here.
    [InlineData("version: 2\nglobal:\n : \"matrix.example.com:443\"\n:443  well_known_client_name: https://matrix.example.com", "not valid YAML")]
    public void Synapse_RefusesAmbiguousOrUnparseableFiles(string text, string message)
    {
        Should.Throw<ConfigFileException>(() => Analyze("homeserver.yaml", text)).Message.ShouldContain(message);
    }

    [Fact]
    public void Dendrite_RefusesDuplicateParentMapping()
    {
        Should.Throw<ConfigFileException>(() => Analyze("dendrite.yaml", "global:\n  well_known_server_name: a\nglobal:\n  server_name: b\n"))
            .Message.ShouldContain("global appears 2 times");
    }

    [Fact]
    public void Playbook_RefusesToAddKeyToMultiDocumentFile()
    {
        Should.Throw<ConfigFileException>(() => Analyze("vars.yml", "matrix_domain: a\n---\nmatrix_domain: b\n"))
            .Message.ShouldContain("2 YAML documents");
    }

    [Fact]
    public void Playbook_RefusesToRemoveOldKeySharingALine()
    {
        Should.Throw<ConfigFileException>(() => Analyze("vars.yml", "{matrix_domain: a, matrix_well_known_matrix_server_enabled: true}\n"))
            .Message.ShouldContain("shares its line");
    }
}
