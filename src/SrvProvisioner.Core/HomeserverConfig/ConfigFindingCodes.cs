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

    /// <summary>Conduit with federation off: it serves no <c>/.well-known/matrix/server</c>.</summary>
    public const string ConduitFederationOff = "config-conduit-federation-off";

    /// <summary>The file is a template (Jinja/Ansible): never parsed or edited; the settings to switch off are named.</summary>
    public const string TemplateFile = "config-template-file";
}
