using System.Text.RegularExpressions;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Yaml;
using YamlDotNet.Core.Events;

namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>
/// Tells the kind of a config file from its name first, then its content: TOML files by the
/// product named in the name or comments, YAML files by their top-level keys (the playbook's
/// <c>matrix_*</c> variables, Synapse's <c>listeners</c>/<c>pid_file</c>…, Dendrite's
/// <c>global.server_name</c>).
/// </summary>
internal static partial class ConfigKindDetector
{
    // Checked in this order: each later name is a substring or an ancestor of an earlier one's texts.
    private static readonly (string Word, ConfigKind Kind)[] TomlProducts =
    [
        ("tuwunel", ConfigKind.Tuwunel),
        ("continuwuity", ConfigKind.Continuwuity),
        ("conduwuit", ConfigKind.Conduwuit),
        ("conduit", ConfigKind.Conduit),
    ];

    private static readonly string[] SynapseKeys = ["listeners", "pid_file", "report_stats", "signing_key_path", "media_store_path", "serve_server_wellknown", "log_config"];

    public static ConfigKind Detect(ConfigFileText file)
    {
        var name = Path.GetFileName(file.Path).ToLowerInvariant();
        if (name is ".env" or "env" || name.EndsWith(".env", StringComparison.Ordinal) || name.StartsWith(".env.", StringComparison.Ordinal))
        {
            return ConfigKind.Env;
        }

        if (ComposeName().IsMatch(name))
        {
            return ConfigKind.Compose;
        }

        if (LooksLikeNginx(file, name))
        {
            return ConfigKind.Nginx;
        }

        if (LooksLikeApache(file, name))
        {
            return ConfigKind.Apache;
        }

        if (LooksLikeCaddy(file, name))
        {
            return ConfigKind.Caddy;
        }

        var isTraefikFile = name.EndsWith(".toml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal);
        if (isTraefikFile && (name.Contains("traefik", StringComparison.Ordinal) || HasTraefikRouters(file.Text)))
        {
            return ConfigKind.Traefik;
        }

        if (name.EndsWith(".toml", StringComparison.Ordinal))
        {
            return DetectToml(file, name) ?? throw Unknown(file);
        }

        if (name == "vars.yml" || name == "vars.yaml")
        {
            return ConfigKind.Playbook;
        }

        if (name is "homeserver.yaml" or "homeserver.yml")
        {
            return ConfigKind.Synapse;
        }

        if (name.StartsWith("dendrite", StringComparison.Ordinal) && (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal)))
        {
            return ConfigKind.Dendrite;
        }

        var isYamlName = name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal);
        YamlIndex index;
        try
        {
            index = YamlIndex.Parse(file.Path, file.Text);
        }
        catch (ConfigFileException) when (!isYamlName)
        {
            throw Unknown(file);
        }

        return DetectYaml(index) ?? throw Unknown(file);
    }

    private static ConfigKind? DetectToml(ConfigFileText file, string name)
    {
        foreach (var (word, kind) in TomlProducts)
        {
            if (name.Contains(word, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        foreach (var (word, kind) in TomlProducts)
        {
            if (file.Text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        return null;
    }

    private static ConfigKind? DetectYaml(YamlIndex index)
    {
        var top = index.TopLevel.Select(e => e.Path[0]).ToHashSet(StringComparer.Ordinal);
        if (top.Any(k => k.StartsWith("matrix_", StringComparison.Ordinal)))
        {
            return ConfigKind.Playbook;
        }

        var dendrite = index.Entries.Any(e => e.Document == 0 && e.Path is ["global", "server_name"])
            && (top.Contains("version") || top.Contains("client_api") || top.Contains("federation_api"));
        if (dendrite)
        {
            return ConfigKind.Dendrite;
        }

        if (top.Contains("server_name") && SynapseKeys.Any(top.Contains))
        {
            return ConfigKind.Synapse;
        }

        var services = index.TopLevel.FirstOrDefault(e => e.Path[0] == "services");
        return services?.Value is MappingStart ? ConfigKind.Compose : null;
    }

    /// <summary>
    /// nginx files: <c>nginx.conf</c>, anything under an <c>nginx/</c> directory (Debian's
    /// <c>sites-enabled/</c>, <c>conf.d/</c>), or text with an <c>http</c>/<c>server</c> block
    /// and nginx's <c>listen</c>/<c>server_name</c>/<c>location</c> directives.
    /// </summary>
    private static bool LooksLikeNginx(ConfigFileText file, string name)
    {
        if (name is "nginx.conf" || name.EndsWith(".nginx", StringComparison.Ordinal))
        {
            return true;
        }

        if (name.EndsWith(".toml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal))
        {
            return false;
        }

        var path = file.Path.Replace('\\', '/');
        return path.Contains("/nginx/", StringComparison.Ordinal)
            || (NginxBlock().IsMatch(file.Text) && NginxDirective().IsMatch(file.Text));
    }

    /// <summary>
    /// Apache httpd files: <c>apache2.conf</c>/<c>httpd.conf</c>, anything under an
    /// <c>apache2/</c> or <c>httpd/</c> directory, or text with a <c>&lt;VirtualHost</c> section.
    /// </summary>
    private static bool LooksLikeApache(ConfigFileText file, string name)
    {
        if (name is "apache2.conf" or "httpd.conf")
        {
            return true;
        }

        if (name.EndsWith(".toml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal))
        {
            return false;
        }

        var path = file.Path.Replace('\\', '/');
        return path.Contains("/apache2/", StringComparison.Ordinal) || path.Contains("/httpd/", StringComparison.Ordinal) || ApacheSection().IsMatch(file.Text);
    }

    /// <summary>Traefik's dynamic configuration: a top-level <c>http:</c> with <c>routers:</c> below (YAML), or <c>[http.routers…]</c> (TOML).</summary>
    private static bool HasTraefikRouters(string text)
    {
        var http = false;
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith("[http.routers", StringComparison.Ordinal))
            {
                return true;
            }

            if (trimmed.TrimEnd() == "http:")
            {
                http = true;
            }
            else if (http && trimmed.Length > 0 && !char.IsWhiteSpace(trimmed[0]) && !trimmed.StartsWith('#'))
            {
                http = false;
            }
            else if (http && trimmed.Trim() == "routers:")
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^\s*<VirtualHost\s", RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ApacheSection();

    /// <summary>
    /// Caddyfiles: named <c>Caddyfile</c> (any case, also <c>Caddyfile.*</c>), <c>*.caddy</c> or
    /// <c>*.caddyfile</c>, anything under a <c>caddy/</c> directory, or text with Caddy-only
    /// directives (<c>reverse_proxy</c>, <c>file_server</c>, <c>handle_path</c>, <c>php_fastcgi</c>).
    /// </summary>
    private static bool LooksLikeCaddy(ConfigFileText file, string name)
    {
        if (name == "caddyfile" || name.StartsWith("caddyfile.", StringComparison.Ordinal) || name.EndsWith(".caddy", StringComparison.Ordinal) || name.EndsWith(".caddyfile", StringComparison.Ordinal))
        {
            return true;
        }

        if (name.EndsWith(".toml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal))
        {
            return false;
        }

        return file.Path.Replace('\\', '/').Contains("/caddy/", StringComparison.Ordinal) || CaddyDirective().IsMatch(file.Text);
    }

    [GeneratedRegex(@"^\s*(reverse_proxy|file_server|handle_path|php_fastcgi)(\s|$)", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CaddyDirective();

    [GeneratedRegex(@"^\s*(http|server)\s*\{", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NginxBlock();

    [GeneratedRegex(@"^\s*(listen|server_name|location)\s", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NginxDirective();

    private static ConfigFileException Unknown(ConfigFileText file) =>
        new($"cannot tell what kind of config {file.Path} is; use --config-kind {string.Join('|', ConfigKinds.Names)}");

    [GeneratedRegex(@"^(docker-)?compose([.-].*)?\.ya?ml$", RegexOptions.CultureInvariant)]
    private static partial Regex ComposeName();
}
