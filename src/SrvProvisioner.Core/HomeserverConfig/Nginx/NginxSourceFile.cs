namespace SrvProvisioner.Core.HomeserverConfig.Nginx;

/// <summary>One file of an nginx tree: the path nginx opens (a link stays a link), its bytes, text and directives.</summary>
internal sealed record NginxSourceFile(string Path, byte[] Bytes, ConfigFileText Text, IReadOnlyList<NginxDirective> Directives) : Proxies.IProxySourceFile
{
    public string Sha256 { get; } = ConfigFileText.Sha256(Bytes);

    /// <summary><c>path:line</c> of an offset, for findings.</summary>
    public string Where(NginxDirective directive) => $"{Path}:{directive.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
