using SrvProvisioner.Core.Errors;
using SrvProvisioner.Core.HomeserverConfig.Proxies;

namespace SrvProvisioner.Core.HomeserverConfig.Apache;

/// <summary>
/// Finds the main file of the Apache configuration a given file belongs to: the file itself
/// when it is <c>apache2.conf</c>/<c>httpd.conf</c>; else one of those in its directory or up to
/// three levels above (<c>/etc/apache2/sites-enabled/x.conf</c> → <c>/etc/apache2/apache2.conf</c>,
/// <c>/etc/httpd/conf.d/x.conf</c> → <c>/etc/httpd/conf/httpd.conf</c>) that includes it.
/// Otherwise the file stands alone and 'apachectl -t' is not run on it.
/// </summary>
internal static class ApacheMainLocator
{
    private static readonly string[] MainNames = ["apache2.conf", "httpd.conf"];

    public static (ApacheTree Tree, bool HasMainFile) Load(string given)
    {
        var full = Path.GetFullPath(given);
        if (MainNames.Contains(Path.GetFileName(full)))
        {
            return (ApacheTree.Load(full), true);
        }

        var real = ProxyPaths.Real(full);
        var dir = Path.GetDirectoryName(full);
        for (var i = 0; i < 4 && dir is not null; i++, dir = Path.GetDirectoryName(dir))
        {
            foreach (var candidate in MainNames.SelectMany(n => new[] { Path.Combine(dir, n), Path.Combine(dir, "conf", n) }))
            {
                if (candidate == full || !File.Exists(candidate))
                {
                    continue;
                }

                try
                {
                    var tree = ApacheTree.Load(candidate);
                    if (tree.Files.Any(f => f.Path == full || ProxyPaths.Real(f.Path) == real))
                    {
                        return (tree, true);
                    }
                }
                catch (ConfigFileException)
                {
                    // Not the tree of this file, or broken: the file stands alone.
                }
            }
        }

        return (ApacheTree.Load(full), false);
    }
}
