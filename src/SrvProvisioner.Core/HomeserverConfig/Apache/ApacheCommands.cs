using SrvProvisioner.Core.HomeserverConfig.Proxies;

namespace SrvProvisioner.Core.HomeserverConfig.Apache;

/// <summary>
/// Apache httpd's own tools through apachectl (Debian: apache2ctl, which reads
/// <c>$APACHE_CONFDIR/envvars</c> for the APACHE_* variables Debian's apache2.conf uses):
/// <c>apachectl -t -f MAIN</c> checks the configuration, <c>apachectl -k graceful -f MAIN</c>
/// reloads the server that configuration's PidFile names without dropping connections.
/// </summary>
internal sealed class ApacheCommands : IProxyServer
{
    public static ApacheCommands Instance { get; } = new();

    public string Name => "apache";

    public string? Find(ProxyApplyOptions options) => ProxyToolRunner.Find(options.ApachePath, "apache2ctl", "apachectl");

    public string CheckCommand(string root) => $"apachectl -t -f {root}";

    public string ReloadCommand(string root) =>
        root is "/etc/apache2/apache2.conf" or "/etc/httpd/conf/httpd.conf" ? "apachectl graceful" : $"apachectl -k graceful -f {root}";

    public Task<(bool Ok, string Output)> CheckAsync(string executable, string root, ProxyApplyOptions options, CancellationToken cancellationToken) =>
        ProxyToolRunner.RunAsync(executable, ["-t", "-f", root], options.ToolEnvironment, cancellationToken);

    public Task<(bool Ok, string Output)> ReloadAsync(string executable, string root, ProxyApplyOptions options, CancellationToken cancellationToken) =>
        ProxyToolRunner.RunAsync(executable, ["-k", "graceful", "-f", root], options.ToolEnvironment, cancellationToken);
}
