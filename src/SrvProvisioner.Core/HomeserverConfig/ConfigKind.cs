namespace SrvProvisioner.Core.HomeserverConfig;

/// <summary>The kinds of file <c>--config</c> understands (<c>--config-kind</c> names them).</summary>
public enum ConfigKind
{
    /// <summary>matrix-docker-ansible-deploy <c>inventory/host_vars/&lt;host&gt;/vars.yml</c>.</summary>
    Playbook,
    Synapse,
    Dendrite,
    Conduwuit,
    Tuwunel,
    Continuwuity,
    Conduit,

    /// <summary>A docker-compose file: only checked for well-known environment overrides.</summary>
    Compose,

    /// <summary>An environment file (<c>.env</c>, systemd <c>EnvironmentFile</c>): only checked for overrides.</summary>
    Env,

    /// <summary>An nginx configuration tree (the main file or any file it includes): locations serving the well-known.</summary>
    Nginx,

    /// <summary>A Caddyfile (the main file or any file it imports): site blocks serving the well-known.</summary>
    Caddy,

    /// <summary>An Apache httpd configuration (the main file or any file it includes): virtual hosts serving the well-known.</summary>
    Apache,

    /// <summary>A Traefik dynamic configuration file (YAML/TOML): routers that route the well-known (findings only; compose labels are read with <see cref="Compose"/>).</summary>
    Traefik,
}
