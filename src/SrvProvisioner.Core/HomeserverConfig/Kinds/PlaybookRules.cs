using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.HomeserverConfig.Editing;
using SrvProvisioner.Core.HomeserverConfig.Yaml;
using SrvProvisioner.Core.Planning;
using SrvProvisioner.Core.Providers;

namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>
/// matrix-docker-ansible-deploy <c>vars.yml</c>. The playbook serves
/// <c>/.well-known/matrix/server</c> unless <c>matrix_static_files_file_matrix_server_enabled</c>
/// is false (role matrix-static-files, default true); the old name
/// <c>matrix_well_known_matrix_server_enabled</c> makes the playbook refuse to run
/// (matrix_playbook_migration validate_config), so it is replaced by the new one.
/// Source: the playbook's docs/howto-server-delegation.md, "Server Delegation via a DNS SRV record".
/// </summary>
internal static class PlaybookRules
{
    public const string ServerFileSetting = "matrix_static_files_file_matrix_server_enabled";
    public const string OldServerFileSetting = "matrix_well_known_matrix_server_enabled";
    public const string BaseDomainSetting = "matrix_static_files_container_labels_base_domain_enabled";
    public const string TlsListenerSetting = "matrix_synapse_tls_federation_listener_enabled";
    public const string TlsCertificateSetting = "matrix_synapse_tls_certificate_path";
    public const string TlsKeySetting = "matrix_synapse_tls_private_key_path";

    public static KindPlan Plan(ConfigFileText file, DnsName serverName)
    {
        var index = YamlIndex.Parse(file.Path, file.Text);
        var current = YamlSettings.Find(index, file.Path, ServerFileSetting);
        var old = YamlSettings.Find(index, file.Path, OldServerFileSetting);
        var changes = new List<ConfigChange>();
        var edits = new List<TextEdit>();
        var findings = new List<Finding>();
        string[] added = ["# " + WhyComment.Text, ServerFileSetting + ": false"];

        if (old is not null)
        {
            changes.Add(new ConfigChange(OldServerFileSetting, ChangeAction.Delete, YamlScalars.ToJson(old.ScalarValue!), null));
            var indent = new string(' ', (int)old.Key.Start.Column - 1);
            var replacement = current is null ? string.Concat(added.Select(l => indent + l + file.NewLine)) : string.Empty;
            edits.Add(YamlEdits.ReplaceLines(file, old, replacement));
            if (current is null)
            {
                changes.Add(new ConfigChange(ServerFileSetting, ChangeAction.Create, null, "false"));
            }
        }

        if (current is not null)
        {
            var value = current.ScalarValue!;
            if (YamlScalars.IsTemplated(value))
            {
                findings.Add(TemplatedFinding.For(file, current, "false"));
            }
            else if (YamlScalars.IsAnsibleTrue(value) || YamlScalars.IsPlainNull(value))
            {
                changes.Add(new ConfigChange(ServerFileSetting, ChangeAction.Update, YamlScalars.ToJson(value), "false"));
                edits.Add(YamlEdits.ReplaceValue(current, "false"));
            }
        }
        else if (old is null)
        {
            // Absent means true (roles/custom/matrix-static-files/defaults/main.yml).
            changes.Add(new ConfigChange(ServerFileSetting, ChangeAction.Create, null, "false"));
            edits.Add(YamlEdits.AppendToRoot(file, index, added));
        }

        var baseDomain = YamlSettings.Find(index, file.Path, BaseDomainSetting);
        if (baseDomain?.ScalarValue is { } served && YamlScalars.IsAnsibleTrue(served))
        {
            findings.Add(new Finding(
                Severity.Warning,
                ConfigFindingCodes.PlaybookServesBaseDomain,
                $"{file.Path}: {BaseDomainSetting} is true, so the playbook serves {serverName.Value} itself (including /.well-known/matrix/*). With {ServerFileSetting}: false it no longer serves the server file; check that nothing else on {serverName.Value} does."));
        }

        if (CertificateFinding(file, index, serverName) is { } certificate)
        {
            findings.Add(certificate);
        }

        return new KindPlan(changes, edits, findings);
    }

    /// <summary>
    /// With SRV delegation the federation port must present a certificate for the base domain:
    /// Synapse's own TLS listener with certificate and key, or a Traefik router given
    /// <c>tls.domains.main</c> for the base domain (docs/howto-srv-server-delegation.md).
    /// </summary>
    private static Finding? CertificateFinding(ConfigFileText file, YamlIndex index, DnsName serverName)
    {
        var listener = YamlSettings.Find(index, file.Path, TlsListenerSetting)?.ScalarValue;
        var certificate = YamlSettings.Find(index, file.Path, TlsCertificateSetting)?.ScalarValue;
        var key = YamlSettings.Find(index, file.Path, TlsKeySetting)?.ScalarValue;
        var listenerOn = listener is not null && (YamlScalars.IsAnsibleTrue(listener) || YamlScalars.IsTemplated(listener));
        var missing = new List<string>();
        if (certificate is null || certificate.Value.Length == 0 || YamlScalars.IsPlainNull(certificate))
        {
            missing.Add(TlsCertificateSetting);
        }

        if (key is null || key.Value.Length == 0 || YamlScalars.IsPlainNull(key))
        {
            missing.Add(TlsKeySetting);
        }

        if (listenerOn && missing.Count == 0)
        {
            return null;
        }

        var traefik = index.Entries.Any(e => e.ScalarValue is { } s
            && s.Value.Contains("tls.domains.main", StringComparison.Ordinal)
            && s.Value.Contains(serverName.Value, StringComparison.OrdinalIgnoreCase));
        if (traefik)
        {
            return null;
        }

        var what = listenerOn
            ? $"{TlsListenerSetting} is true but {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not set"
            : $"neither {TlsListenerSetting}: true (with {TlsCertificateSetting} and {TlsKeySetting}) nor a Traefik tls.domains.main label for {serverName.Value} is set";
        return new Finding(
            Severity.Warning,
            ConfigFindingCodes.PlaybookFederationCertificate,
            $"{file.Path}: the federation port must present a certificate for {serverName.Value} when delegating by SRV, but {what}. See the playbook's docs/howto-server-delegation.md.");
    }
}
