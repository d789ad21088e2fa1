namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>Stable codes of the findings about config files (scripts match on them; never rename one).</summary>
public static class ConfigFindingCodes
{
    /// <summary>A setting srvprov would change holds a Jinja template; it is never edited.</summary>
    public const string TemplatedValue = "config-templated-value";

    /// <summary>The playbook serves the base domain itself (<c>matrix_static_files_container_labels_base_domain_enabled</c>).</summary>
    public const string PlaybookServesBaseDomain = "config-playbook-base-domain-served";

    /// <summary>The playbook config has no certificate for the base domain on the federation port.</summary>
    public const string PlaybookFederationCertificate = "config-playbook-federation-certificate";

    /// <summary>An environment variable makes the homeserver serve <c>/.well-known/matrix/server</c>.</summary>
    public const string WellKnownEnvOverride = "config-well-known-env-override";

    /// <summary>Conduit always serves <c>/.well-known/matrix/server</c>; it has no switch.</summary>
    public const string ConduitServesWellKnown = "config-conduit-serves-well-known";

    /// <summary>A reverse proxy location serves <c>/.well-known/matrix/server</c> (with <c>file:line</c>); an edit is planned or advice given.</summary>
    public const string ProxyServesWellKnown = "config-proxy-serves-well-known";

    /// <summary>A reverse proxy serves it in a shape srvprov does not edit (variables, <c>if</c>, shared files): change it by hand.</summary>
    public const string ProxyManualChange = "config-proxy-manual-change";

    /// <summary>Whether the proxy serves it depends on the request (variables, <c>if</c>, <c>rewrite</c>, includes in the location).</summary>
    public const string ProxyUnsure = "config-proxy-well-known-unsure";

    /// <summary>The proxy forwards it to an upstream (the homeserver): the upstream's own setting decides.</summary>
    public const string ProxyForwards = "config-proxy-forwards-well-known";

    /// <summary>The edited server block also answers other names, which lose their well-known too.</summary>
    public const string ProxyEditShared = "config-proxy-edit-shared";

    /// <summary>No main configuration file was found for a proxy file: the server's checker cannot run on it.</summary>
    public const string ProxyNoMainFile = "config-proxy-no-main-file";

    /// <summary>Conduit with federation off: it serves no <c>/.well-known/matrix/server</c>.</summary>
    public const string ConduitFederationOff = "config-conduit-federation-off";

    /// <summary>The file is a template (Jinja/Ansible): never parsed or edited; the settings to switch off are named.</summary>
    public const string TemplateFile = "config-template-file";

    /// <summary>A Traefik router (dynamic configuration file or container label) routes <c>/.well-known/matrix/server</c> for the server name; findings only.</summary>
    public const string ProxyTraefikRouter = "config-proxy-traefik-router";
}
