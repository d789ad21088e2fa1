using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Kinds;

/// <summary>
/// A config file that is a template (Ansible/Jinja: <c>tuwunel.toml.j2</c>, or a file with
/// <c>{{ }}</c> / <c>{% %}</c> that its format's parser refuses) is what renders the real file,
/// not the file itself: srvprov never parses or edits it, and names the setting to switch off
/// by hand in the template instead of calling it broken.
/// </summary>
internal static class TemplateFileRules
{
    private static readonly string[] Suffixes = [".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".template"];

    private static readonly (string Word, ConfigKind Kind)[] NameWords =
    [
        ("tuwunel", ConfigKind.Tuwunel),
        ("continuwuity", ConfigKind.Continuwuity),
        ("conduwuit", ConfigKind.Conduwuit),
        ("conduit", ConfigKind.Conduit),
        ("homeserver", ConfigKind.Synapse),
        ("synapse", ConfigKind.Synapse),
        ("dendrite", ConfigKind.Dendrite),
        ("vars", ConfigKind.Playbook),
    ];

    /// <summary>True for a name ending in a template suffix (<c>.j2</c>, <c>.tmpl</c>...).</summary>
    public static bool HasTemplateName(string path) =>
        Suffixes.Any(s => Path.GetFileName(path).EndsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>Jinja expressions or statements anywhere in the text.</summary>
    public static bool HasTemplateSyntax(string text) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>The kind a template renders, from its name (<c>tuwunel.toml.j2</c> is Tuwunel), or null.</summary>
    public static ConfigKind? KindFromName(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return NameWords.Where(w => name.Contains(w.Word, StringComparison.Ordinal)).Select(w => (ConfigKind?)w.Kind).FirstOrDefault();
    }

    public static Finding For(ConfigFileText file, ConfigKind? kind, DnsName serverName)
    {
        ArgumentNullException.ThrowIfNull(file);
        var settings = kind switch
        {
            ConfigKind.Playbook => "set matrix_static_files_file_matrix_server_enabled: false",
            ConfigKind.Synapse => "set serve_server_wellknown: false (or remove it)",
            ConfigKind.Dendrite => "set global.well_known_server_name: \"\"",
            ConfigKind.Conduwuit or ConfigKind.Tuwunel or ConfigKind.Continuwuity => "remove (or comment out) server in [global.well_known]",
            ConfigKind.Conduit => $"Conduit has no switch: with allow_federation = true make the reverse proxy for {serverName.Value} not route /.well-known/matrix/server to it",
            ConfigKind.Compose or ConfigKind.Env => "remove any *_WELL_KNOWN__SERVER / CONDUIT_WELL_KNOWN_SERVER variable",
            _ => throw new ConfigFileException($"{file.Path} is a template (Jinja/Ansible) and its name does not say what it renders: give --config-kind, or point --config at the rendered file."),
        };
        return new Finding(
            Severity.Warning,
            ConfigFindingCodes.TemplateFile,
            $"{file.Path} is a template (Jinja/Ansible), not the {kind!.Value.ToString().ToLowerInvariant()} config itself: srvprov neither parses nor edits templates. So that it serves no /.well-known/matrix/server: {settings} in the template by hand, render it, and run plan on the rendered file to check.")
        {
            Subject = file.Path,
        };
    }
}
