namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>A reverse proxy's configuration as its server loads it: what apply needs to keep backups and temporary files out of it.</summary>
internal interface IProxyTree
{
    /// <summary>The main file the server loads (absolute).</summary>
    string Root { get; }

    /// <summary>A hash over every file the tree loaded (paths and bytes, in load order).</summary>
    string Sha256 { get; }

    /// <summary>The include/import pattern under which the server would load <paramref name="path"/> as configuration, or null.</summary>
    string? LoadedBy(string path);
}
