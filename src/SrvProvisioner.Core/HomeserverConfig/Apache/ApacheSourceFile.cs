namespace SrvProvisioner.Core.HomeserverConfig.Apache;

/// <summary>One file of an Apache httpd configuration: the path httpd opens (a link stays a link), its bytes and text.</summary>
internal sealed record ApacheSourceFile(string Path, byte[] Bytes, ConfigFileText Text) : Proxies.IProxySourceFile
{
    public string Sha256 { get; } = ConfigFileText.Sha256(Bytes);
}
