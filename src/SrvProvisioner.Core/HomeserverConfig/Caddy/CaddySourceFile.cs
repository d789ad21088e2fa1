namespace SrvProvisioner.Core.HomeserverConfig.Caddy;

/// <summary>One file of a Caddy configuration: the path Caddy opens (a link stays a link), its bytes and text.</summary>
internal sealed class CaddySourceFile : Proxies.IProxySourceFile
{
    public CaddySourceFile(string path, byte[] bytes, ConfigFileText text)
    {
        Path = path;
        Bytes = bytes;
        Text = text;
        Sha256 = ConfigFileText.Sha256(bytes);
    }

    public string Path { get; }

    public byte[] Bytes { get; }

    public ConfigFileText Text { get; }

    public string Sha256 { get; }
}
