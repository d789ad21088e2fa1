namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>Path helpers shared by the proxy kinds.</summary>
internal static class ProxyPaths
{
    /// <summary>The path with every symbolic link resolved (the file itself when it is none or cannot be resolved).</summary>
    public static string Real(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }
}
