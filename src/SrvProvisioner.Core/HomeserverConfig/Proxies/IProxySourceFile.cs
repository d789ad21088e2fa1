namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>One file of a reverse proxy's configuration, as read: the path the server opens and the hash of its bytes.</summary>
internal interface IProxySourceFile
{
    string Path { get; }

    string Sha256 { get; }
}
