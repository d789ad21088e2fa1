using SrvProvisioner.Core.Errors;

namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>
/// Finds the main file of the tree a given nginx file belongs to: the file itself when it
/// has an <c>http</c> or <c>events</c> block; else <c>nginx.conf</c> in <c>--nginx-prefix</c>,
/// or in the file's directory and up to three levels above it (Debian:
/// <c>/etc/nginx/sites-enabled/x</c> → <c>/etc/nginx/nginx.conf</c>), when that tree loads
/// the file. Otherwise the file stands alone (read as an <c>http</c> body).
/// </summary>
internal static class NginxMainLocator
{
    public static (NginxTree Tree, bool HasMainFile) Load(string given, string? confDirectory)
    {
        var full = Path.GetFullPath(given);
        var alone = NginxTree.Load(full, confDirectory ?? Path.GetDirectoryName(full));
        if (alone.Nodes.Any(n => n.Name is "http" or "events"))
        {
            return (confDirectory is null ? NginxTree.Load(full, null) : alone, true);
        }

        foreach (var candidate in Candidates(full, confDirectory))
        {
            if (candidate == full || !File.Exists(candidate))
            {
                continue;
            }

            NginxTree tree;
            try
            {
                tree = NginxTree.Load(candidate, confDirectory);
            }
            catch (ConfigFileException)
            {
                continue;
            }

            if (tree.Files.Any(f => f.Path == full || SameFile(f.Path, full)))
            {
                return (tree, true);
            }
        }

        return (alone, false);
    }

    private static IEnumerable<string> Candidates(string full, string? confDirectory)
    {
        if (confDirectory is not null)
        {
            yield return Path.Combine(Path.GetFullPath(confDirectory), "nginx.conf");
        }

        var dir = Path.GetDirectoryName(full);
        for (var i = 0; i < 4 && dir is not null; i++)
        {
            yield return Path.Combine(dir, "nginx.conf");
            dir = Path.GetDirectoryName(dir);
        }
    }

    private static bool SameFile(string a, string b)
    {
        var ra = File.ResolveLinkTarget(a, returnFinalTarget: true)?.FullName ?? a;
        var rb = File.ResolveLinkTarget(b, returnFinalTarget: true)?.FullName ?? b;
        return ra == rb;
    }
}
