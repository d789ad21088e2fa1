using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>
/// Finds the Caddyfile a given file belongs to: the file itself when it is named
/// <c>Caddyfile</c>; else a <c>Caddyfile</c> in its directory or up to three levels above
/// (<c>/etc/caddy/sites/x.caddy</c> → <c>/etc/caddy/Caddyfile</c>) that imports it. Otherwise
/// the file stands alone and 'caddy validate' is not run on it.
/// </summary>
internal static class CaddyMainLocator
{
    public static (CaddyTree Tree, bool HasMainFile) Load(string given)
    {
        var full = Path.GetFullPath(given);
        if (string.Equals(Path.GetFileName(full), "Caddyfile", StringComparison.OrdinalIgnoreCase))
        {
            return (CaddyTree.Load(full), true);
        }

        var real = Proxies.ProxyPaths.Real(full);
        var dir = Path.GetDirectoryName(full);
        for (var i = 0; i < 4 && dir is not null; i++, dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, "Caddyfile");
            if (candidate == full || !File.Exists(candidate))
            {
                continue;
            }

            try
            {
                var tree = CaddyTree.Load(candidate);
                if (tree.Files.Any(f => f.Path == full || Proxies.ProxyPaths.Real(f.Path) == real))
                {
                    return (tree, true);
                }
            }
            catch (ConfigFileException)
            {
                // Not the tree of this file, or broken: the file stands alone.
            }
        }

        return (CaddyTree.Load(full), false);
    }
}
