using SrvProvisioner.Core.Dns;
using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Apache;
using SrvProvisioner.Core.HomeserverConfig.Caddy;
using SrvProvisioner.Core.HomeserverConfig.Nginx;
using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>The reverse proxy kinds inside <see cref="ConfigPlanner"/>: each plans a whole configuration tree, not one file.</summary>
internal static class ProxyPlanner
{
    public static bool IsProxy(ConfigKind kind) => kind is ConfigKind.Nginx or ConfigKind.Caddy or ConfigKind.Apache;

    /// <summary>The server's own tools for the kind.</summary>
    public static IProxyServer Server(ConfigKind kind) => kind switch
    {
        ConfigKind.Nginx => NginxCommands.Instance,
        ConfigKind.Caddy => CaddyCommands.Instance,
        ConfigKind.Apache => ApacheCommands.Instance,
        _ => throw new ConfigFileException($"{kind.Name()} is not a reverse proxy kind srvprov edits."),
    };

    /// <summary>Loads the tree <paramref name="path"/> belongs to and plans it.</summary>
    public static ProxyTreePlan Plan(ConfigKind kind, string path, string? confDirectory, DnsName serverName)
    {
        switch (kind)
        {
            case ConfigKind.Caddy:
                var (caddy, caddyMain) = CaddyMainLocator.Load(path);
                return CaddyRules.Plan(caddy, serverName, caddyMain);
            case ConfigKind.Apache:
                var (apache, apacheMain) = ApacheMainLocator.Load(path);
                return ApacheRules.Plan(apache, serverName, apacheMain);
            default:
                var (tree, hasMain) = NginxMainLocator.Load(path, confDirectory);
                return NginxRules.Plan(tree, serverName, hasMain);
        }
    }

    /// <summary>Loads the tree a plan recorded, exactly as it was named then.</summary>
    public static (ProxyTreePlan Plan, IProxyTree Tree) Replan(ConfigKind kind, ConfigTree recorded, DnsName serverName)
    {
        switch (kind)
        {
            case ConfigKind.Caddy:
                var caddy = CaddyTree.Load(recorded.Root);
                return (CaddyRules.Plan(caddy, serverName, recorded.HasMainFile), caddy);
            case ConfigKind.Apache:
                var apache = ApacheTree.Load(recorded.Root);
                return (ApacheRules.Plan(apache, serverName, recorded.HasMainFile), apache);
            default:
                var tree = NginxTree.Load(recorded.Root, recorded.ConfDirectory);
                return (NginxRules.Plan(tree, serverName, recorded.HasMainFile), tree);
        }
    }

    public static string CurrentSha(ConfigKind kind, ConfigTree recorded) => kind switch
    {
        ConfigKind.Caddy => CaddyTree.Load(recorded.Root).Sha256,
        ConfigKind.Apache => ApacheTree.Load(recorded.Root).Sha256,
        _ => NginxTree.Load(recorded.Root, recorded.ConfDirectory).Sha256,
    };

    public static IEnumerable<ConfigFilePlan> ToFilePlans(ConfigKind kind, string requestPath, byte[] requestBytes, ProxyTreePlan plan)
    {
        if (plan.Edits.Count == 0)
        {
            yield return new ConfigFilePlan(Path.GetFullPath(requestPath), kind.Name(), ConfigFileText.Sha256(requestBytes), []) { Tree = plan.Tree };
            yield break;
        }

        foreach (var edit in plan.Edits)
        {
            yield return new ConfigFilePlan(edit.Path, kind.Name(), edit.Sha256, edit.Changes) { Diff = edit.Diff, Tree = plan.Tree };
        }
    }
}
