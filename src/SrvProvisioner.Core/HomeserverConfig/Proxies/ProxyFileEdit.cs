using SrvProvisioner.Core.Planning;

namespace SrvProvisioner.Core.HomeserverConfig.Proxies;

/// <summary>One file of a proxy's configuration tree that an edit changes: its bytes before and after, the changes, the diff.</summary>
internal sealed record ProxyFileEdit(string Path, byte[] Before, byte[] After, IReadOnlyList<ConfigChange> Changes, string Diff)
{
    public string Sha256 => ConfigFileText.Sha256(Before);
}
